package dev.llmpool.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.CacheControl;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.EmbeddingsRequest;
import tools.jackson.databind.node.StringNode;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private final JsonCodec codec = new JsonCodec();
    private final CacheKeys keys = new CacheKeys(codec);

    private ChatCompletionRequest parse(String json) {
        return codec.fromJson(json, ChatCompletionRequest.class);
    }

    @Test
    void fieldOrderStreamingAndTheAliasUsedDoNotChangeTheKey() {
        ChatCompletionRequest a = parse("""
                {"model":"fast","temperature":0,"messages":[{"role":"user","content":"hi"}],"stream":true,"user":"u1"}""");
        ChatCompletionRequest b = parse("""
                {"messages":[{"content":"hi","role":"user"}],"temperature":0,"model":"gpt-4o-mini"}""");
        assertThat(keys.key(a, "gpt-4o-mini", null)).isEqualTo(keys.key(b, "gpt-4o-mini", null)).hasSize(64);
    }

    @Test
    void anythingThatChangesTheAnswerChangesTheKey() {
        ChatCompletionRequest base = parse("""
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"hi"}]}""");
        ChatCompletionRequest otherPrompt = parse("""
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"hello"}]}""");
        ChatCompletionRequest otherCap = parse("""
                {"model":"m","temperature":0,"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""");
        ChatCompletionRequest vendorField = parse("""
                {"model":"m","temperature":0,"reasoning_effort":"high","messages":[{"role":"user","content":"hi"}]}""");
        String key = keys.key(base, "m", null);
        assertThat(keys.key(otherPrompt, "m", null)).isNotEqualTo(key);
        assertThat(keys.key(otherCap, "m", null)).isNotEqualTo(key);
        assertThat(keys.key(vendorField, "m", null)).isNotEqualTo(key);
        assertThat(keys.key(base, "other-model", null)).isNotEqualTo(key);
    }

    @Test
    void eachTenantHasItsOwnKeyUnlessTheCacheIsShared() {
        ChatCompletionRequest body = parse("""
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"hi"}]}""");
        assertThat(keys.key(body, "m", "acme")).isNotEqualTo(keys.key(body, "m", "globex"))
                .isNotEqualTo(keys.key(body, "m", null));
        CacheKeys shared = new CacheKeys(codec, true);
        assertThat(shared.key(body, "m", "acme")).isEqualTo(shared.key(body, "m", "globex"))
                .isEqualTo(keys.key(body, "m", null));
    }

    @Test
    void onlyDeterministicRequestsAreCachedInAutoMode() {
        ChatCompletionRequest zero = parse("""
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"hi"}]}""");
        ChatCompletionRequest sampled = parse("""
                {"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        ChatCompletionRequest manyChoices = parse("""
                {"model":"m","temperature":0,"n":3,"messages":[{"role":"user","content":"hi"}]}""");
        assertThat(CachePolicy.mayRead(CacheControl.AUTO, zero)).isTrue();
        assertThat(CachePolicy.mayRead(CacheControl.AUTO, sampled)).isFalse();
        assertThat(CachePolicy.mayRead(CacheControl.AUTO, manyChoices)).isFalse();
        CacheControl force = new CacheControl(CacheControl.Mode.FORCE, null);
        assertThat(CachePolicy.mayRead(force, sampled)).isTrue();
        CacheControl refresh = new CacheControl(CacheControl.Mode.REFRESH, null);
        assertThat(CachePolicy.mayRead(refresh, zero)).isFalse();
        assertThat(CachePolicy.mayWrite(refresh, zero)).isTrue();
        CacheControl bypass = new CacheControl(CacheControl.Mode.BYPASS, null);
        assertThat(CachePolicy.mayWrite(bypass, zero)).isFalse();
    }

    @Test
    void anEmbeddingsKeyIgnoresTheEncodingAndTheUserButNotTheDimensions() {
        EmbeddingsRequest floats = codec.fromJson("""
                {"model":"small","input":["a","b"],"user":"u1"}""", EmbeddingsRequest.class);
        EmbeddingsRequest base64 = codec.fromJson("""
                {"input":["a","b"],"encoding_format":"base64","model":"text-embedding-3-small"}""",
                EmbeddingsRequest.class);
        EmbeddingsRequest shorter = codec.fromJson("""
                {"input":["a","b"],"dimensions":8,"model":"text-embedding-3-small"}""", EmbeddingsRequest.class);
        String key = keys.key(floats, "text-embedding-3-small");
        assertThat(keys.key(base64, "text-embedding-3-small")).isEqualTo(key);
        assertThat(keys.key(shorter, "text-embedding-3-small")).isNotEqualTo(key);
        assertThat(keys.key(floats, "text-embedding-3-large")).isNotEqualTo(key);
    }

    @Test
    void embeddingsAreCachedUnlessBypassedAndReadUnlessRefreshed() {
        EmbeddingsRequest request = new EmbeddingsRequest("e", StringNode.valueOf("a"), null, null, null);
        JobRequest auto = JobRequest.builder().correlationId("j").embeddings(request).build();
        assertThat(CachePolicy.mayRead(auto)).isTrue();
        assertThat(CachePolicy.mayWrite(auto)).isTrue();
        JobRequest refresh = auto.withCache(new CacheControl(CacheControl.Mode.REFRESH, null));
        assertThat(CachePolicy.mayRead(refresh)).isFalse();
        assertThat(CachePolicy.mayWrite(refresh)).isTrue();
        JobRequest bypass = auto.withCache(new CacheControl(CacheControl.Mode.BYPASS, null));
        assertThat(CachePolicy.mayWrite(bypass)).isFalse();
    }
}
