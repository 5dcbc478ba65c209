package dev.llmpool.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import java.util.Locale;

/**
 * Token estimates with jtokkit: {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and o-series families,
 * {@code cl100k_base} for older OpenAI models and, as an estimate, for every other model. Immutable and
 * thread-safe; build one and share it (loading an encoding takes a few hundred milliseconds, once).
 */
public final class TokenCounter {

    /** Tokens OpenAI adds around every message ({@code <|start|>role ... <|end|>}), per its cookbook. */
    public static final int PER_MESSAGE = 3;
    /** Tokens that prime the assistant's reply. */
    public static final int REPLY_PRIMING = 3;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

    /** The encoding a model name tokenizes with (the catalog id or the upstream name). */
    public static EncodingType encodingFor(String model) {
        if (model == null) {
            return EncodingType.O200K_BASE;
        }
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1")
                || m.startsWith("gpt-4.5") || m.startsWith("gpt-5") || m.matches("^o[1-9](-.*)?$")
                || m.startsWith("gpt-oss")) {
            return EncodingType.O200K_BASE;
        }
        return EncodingType.CL100K_BASE;
    }

    public int count(String text, String model) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return encoding(model).countTokensOrdinary(text);
    }

    /**
     * The prompt tokens of a chat request as OpenAI counts them: each message's role, name and text plus
     * {@value #PER_MESSAGE} per message, {@value #REPLY_PRIMING} for the reply, and the tool definitions as JSON.
     */
    public int countPrompt(ChatCompletionRequest body, String model) {
        if (body == null) {
            return 0;
        }
        Encoding encoding = encoding(model);
        int tokens = REPLY_PRIMING;
        if (body.messages() != null) {
            for (ChatMessage message : body.messages()) {
                tokens += PER_MESSAGE;
                tokens += ordinary(encoding, message.role());
                tokens += ordinary(encoding, message.name());
                tokens += ordinary(encoding, message.text());
                if (message.toolCalls() != null) {
                    for (var call : message.toolCalls()) {
                        if (call.function() != null) {
                            tokens += ordinary(encoding, call.function().name());
                            tokens += ordinary(encoding, call.function().arguments());
                        }
                    }
                }
            }
        }
        if (body.tools() != null && !body.tools().isNull()) {
            tokens += ordinary(encoding, body.tools().toString());
        }
        return tokens;
    }

    /**
     * The start of {@code text} that is at most {@code maxTokens} tokens for {@code model} ({@code text} itself when
     * it is that short): the tokens decoded back, so a character cut in the middle may end it as U+FFFD.
     */
    public String truncate(String text, int maxTokens, String model) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        Encoding encoding = encoding(model);
        EncodingResult result = encoding.encodeOrdinary(text, Math.max(0, maxTokens));
        return result.isTruncated() ? encoding.decode(result.getTokens()) : text;
    }

    private Encoding encoding(String model) {
        return registry.getEncoding(encodingFor(model));
    }

    private static int ordinary(Encoding encoding, String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
