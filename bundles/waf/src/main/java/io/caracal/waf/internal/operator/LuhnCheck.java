package io.caracal.waf.internal.operator;

/** The Luhn (mod 10) checksum used by payment card numbers; non-digits are skipped. */
final class LuhnCheck {

    private LuhnCheck() {
    }

    static boolean passes(CharSequence candidate) {
        int sum = 0;
        int digits = 0;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int digit = c - '0';
            if (digits % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            digits++;
        }
        return digits > 0 && sum % 10 == 0;
    }
}
