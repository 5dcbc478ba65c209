package dev.llmpool.core.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** OpenAI's cursor page: {@code {"object":"list","data":[…],"first_id","last_id","has_more"}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ListPage<T>(String object, List<T> data, String firstId, String lastId, boolean hasMore) {

    public static <T> ListPage<T> of(List<T> data, boolean hasMore, Function<T, String> id) {
        return new ListPage<>("list", List.copyOf(data), data.isEmpty() ? null : id.apply(data.getFirst()),
                data.isEmpty() ? null : id.apply(data.getLast()), hasMore);
    }

    /** The same page with each item converted (ids unchanged). */
    public <R> ListPage<R> map(Function<T, R> convert) {
        return new ListPage<>(object, data.stream().map(convert).toList(), firstId, lastId, hasMore);
    }
}
