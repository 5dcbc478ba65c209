package dev.llmpool.schemas.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are well-formed UTF-8, by the JDK's strict decoder: overlong forms ({@code C0 AF} for {@code /}),
 * encoded surrogates, stray continuation bytes and truncated sequences are malformed. The one check for the gateway's
 * bodies and the records of open topics. Decodes into a small buffer it
 * reuses, so a large body costs no copy. Pure.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first malformed byte sequence, or -1 when there is none. */
    public static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }
}
