package io.xiaoneng.platform.identity;

/**
 * Check characters computed the way the standards' text states them, written independently of the production code
 * (different formulation for GB 11643), to build valid numbers with chosen contents, e.g. an impossible birth date
 * behind a correct check character.
 */
final class CheckCharacters {

    private CheckCharacters() {
    }

    /**
     * GB 11643 / ISO 7064 MOD 11-2: the check value a₁ satisfies (Σ aᵢ·Wᵢ + a₁) ≡ 1 (mod 11), with
     * Wᵢ = 2^(i-1) mod 11 for position i counted from the right (check = position 1); 10 is written X.
     */
    static String residentId(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int positionFromRight = 18 - i;
            int weight = (int) (Math.pow(2, positionFromRight - 1) % 11);
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = Math.floorMod(1 - sum, 11);
        return first17 + (check == 10 ? "X" : String.valueOf(check));
    }

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /**
     * GB 32100-2015: C₁₈ = 31 − MOD(Σ Cᵢ·Wᵢ, 31), Wᵢ = 3^(i-1) mod 31; a result of 31 is written 0.
     */
    static String uscc(String first17) {
        int sum = 0;
        long weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(first17.charAt(i)) * (int) weight;
            weight = weight * 3 % 31;
        }
        int check = 31 - sum % 31;
        return first17 + USCC_CHARS.charAt(check == 31 ? 0 : check);
    }

    static String usccCharset() {
        return USCC_CHARS;
    }
}
