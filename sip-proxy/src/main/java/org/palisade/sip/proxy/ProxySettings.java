package org.palisade.sip.proxy;

import java.time.Duration;

/**
 * @param noAnswerTimeout how long a call may ring before Palisade cancels the branches and
 *                        answers 480 (RFC 3261's Timer C, made short and configurable)
 */
public record ProxySettings(Duration noAnswerTimeout) {

    public ProxySettings {
        if (noAnswerTimeout == null || noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) {
            throw new IllegalArgumentException("proxy.no-answer-seconds: must be at least 1");
        }
    }

    public static ProxySettings defaults() {
        return new ProxySettings(Duration.ofSeconds(60));
    }
}
