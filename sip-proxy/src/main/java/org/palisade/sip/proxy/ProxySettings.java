package org.palisade.sip.proxy;

import java.time.Duration;

/**
 * @param noAnswerTimeout how long a call may ring before Palisade cancels the branches and
 *                        answers 480 (RFC 3261's Timer C, made short and configurable)
 * @param chatStoreTime   how long a MESSAGE for an extension with no device registered is kept
 *                        for store-and-forward before it expires ({@code chat.store-hours})
 */
public record ProxySettings(Duration noAnswerTimeout, Duration chatStoreTime) {

    public static final Duration DEFAULT_CHAT_STORE_TIME = Duration.ofHours(72);

    public ProxySettings {
        if (noAnswerTimeout == null || noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) {
            throw new IllegalArgumentException("proxy.no-answer-seconds: must be at least 1");
        }
        if (chatStoreTime == null || chatStoreTime.isNegative() || chatStoreTime.isZero()) {
            throw new IllegalArgumentException("chat.store-hours: must be at least 1");
        }
    }

    public ProxySettings(Duration noAnswerTimeout) {
        this(noAnswerTimeout, DEFAULT_CHAT_STORE_TIME);
    }

    public static ProxySettings defaults() {
        return new ProxySettings(Duration.ofSeconds(60));
    }
}
