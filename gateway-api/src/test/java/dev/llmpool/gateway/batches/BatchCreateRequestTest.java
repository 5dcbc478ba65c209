package dev.llmpool.gateway.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.gateway.error.ApiException;
import dev.llmpool.schemas.json.JsonCodec;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BatchCreateRequestTest {

    private final JsonCodec codec = new JsonCodec();

    private BatchCreateRequest parse(String json) {
        return BatchCreateRequest.parse(codec.readTree(json), Duration.ofMinutes(1), Duration.ofDays(7));
    }

    @Test
    void openAisRequestIsRead() {
        BatchCreateRequest request = parse("""
                {"input_file_id":"file-1","endpoint":"/v1/chat/completions","completion_window":"24h",
                 "metadata":{"job":"nightly"}}""");
        assertThat(request.window()).isEqualTo(Duration.ofHours(24));
        assertThat(request.metadata()).containsEntry("job", "nightly");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"} | input_file_id | missing_required_parameter",
            "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/completions\",\"completion_window\":\"24h\"} | endpoint | invalid_value",
            "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"30s\"} | completion_window | invalid_value",
            "{\"input_file_id\":\"file-1\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":1}} | metadata | invalid_value",
            "{\"input_file_id\":7,\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"} | input_file_id | invalid_type"})
    void aBadRequestNamesTheParameter(String json, String param, String code) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().error().param()).isEqualTo(param);
            assertThat(e.body().error().code()).isEqualTo(code);
        });
    }
}
