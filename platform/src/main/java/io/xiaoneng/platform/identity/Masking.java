package io.xiaoneng.platform.identity;

/** The one masking rule every identifier uses: keep a head and a tail, replace each hidden character by '*'. */
final class Masking {

    private Masking() {
    }

    static String keep(String value, int head, int tail) {
        if (head + tail >= value.length()) {
            throw new IllegalArgumentException("Masking would hide nothing");
        }
        return value.substring(0, head) + "*".repeat(value.length() - head - tail)
                + value.substring(value.length() - tail);
    }
}
