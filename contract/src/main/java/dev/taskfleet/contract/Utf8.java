package dev.taskfleet.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 by the same rules as the JDK's strict decoder (no
 * overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncated sequence), without
 * building the text. {@link EventCodec} checks a record this way before handing its bytes to the
 * JSON parser, which would otherwise accept some malformed forms (overlong ones among them) and
 * turn them into characters: a payload is refused as not UTF-8 rather than altered.
 */
final class Utf8 {

    /** Reads eight bytes at once: events are mostly ASCII, and eight ASCII bytes have no high bit set. */
    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    static boolean isWellFormed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (end - i >= Long.BYTES && ((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int need;
            int min;
            int max;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                min = 0x80;
                max = 0xBF;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                // E0 must not be overlong; ED must not encode a surrogate (U+D800..U+DFFF).
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                // F0 must not be overlong; F4 must not go past U+10FFFF.
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                // A continuation byte where a character must start, C0/C1 (always overlong), F5..FF.
                return false;
            }
            if (end - i <= need) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
