package org.palisade.core.call;

/** How a call attempt ended, in the words finance expects in a CDR. */
public enum Disposition {
    ANSWERED("ANSWERED"),
    NO_ANSWER("NO ANSWER"),
    BUSY("BUSY"),
    FAILED("FAILED"),
    CANCELLED("CANCELLED"),
    BLOCKED_BY_POLICY("BLOCKED BY POLICY");

    private final String label;

    Disposition(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The disposition a final non-2xx SIP answer means. */
    public static Disposition ofFinalCode(int code) {
        return switch (code) {
            case 486, 600 -> BUSY;
            case 408, 480 -> NO_ANSWER;
            case 487 -> CANCELLED;
            case 603 -> BUSY;
            default -> FAILED;
        };
    }
}
