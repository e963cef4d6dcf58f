package org.palisade.sip.proxy;

import java.time.Duration;
import org.palisade.core.media.AnchorPolicy;

/**
 * @param noAnswerTimeout how long a call may ring before Palisade cancels the branches and
 *                        answers 480 (RFC 3261's Timer C, made short and configurable)
 * @param chatStoreTime   how long a MESSAGE for an extension with no device registered is kept
 *                        for store-and-forward before it expires ({@code chat.store-hours})
 * @param anchor          which calls have their media anchored on a relay node ({@code relay.anchor})
 * @param mediaTimeout    how long an answered, anchored call may go without a media packet
 *                        before Palisade ends it ({@code relay.media-timeout-seconds})
 * @param trunkAnswerTimeout how long a trunk may leave an INVITE without any response (not even
 *                        100) before the call fails over to the next trunk; the stack's own Timer B
 *                        (32 s) would keep the caller waiting far too long for a dead peer
 */
public record ProxySettings(Duration noAnswerTimeout, Duration chatStoreTime, AnchorPolicy anchor, Duration mediaTimeout,
                            Duration trunkAnswerTimeout) {

    public static final Duration DEFAULT_TRUNK_ANSWER_TIMEOUT = Duration.ofSeconds(4);

    public static final Duration DEFAULT_CHAT_STORE_TIME = Duration.ofHours(72);
    /** rtpengine's default: a minute without a packet is a call nobody is in any more. */
    public static final Duration DEFAULT_MEDIA_TIMEOUT = Duration.ofSeconds(60);

    public ProxySettings {
        if (noAnswerTimeout == null || noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) {
            throw new IllegalArgumentException("proxy.no-answer-seconds: must be at least 1");
        }
        if (chatStoreTime == null || chatStoreTime.isNegative() || chatStoreTime.isZero()) {
            throw new IllegalArgumentException("chat.store-hours: must be at least 1");
        }
        if (anchor == null) {
            throw new IllegalArgumentException("relay.anchor: required");
        }
        if (mediaTimeout == null || mediaTimeout.isNegative() || mediaTimeout.isZero()) {
            throw new IllegalArgumentException("relay.media-timeout-seconds: must be at least 1");
        }
        if (trunkAnswerTimeout == null || trunkAnswerTimeout.isNegative() || trunkAnswerTimeout.isZero()) {
            throw new IllegalArgumentException("trunk answer timeout: must be positive");
        }
    }

    public ProxySettings(Duration noAnswerTimeout, Duration chatStoreTime, AnchorPolicy anchor, Duration mediaTimeout) {
        this(noAnswerTimeout, chatStoreTime, anchor, mediaTimeout, DEFAULT_TRUNK_ANSWER_TIMEOUT);
    }

    public ProxySettings(Duration noAnswerTimeout, Duration chatStoreTime) {
        this(noAnswerTimeout, chatStoreTime, AnchorPolicy.ALL, DEFAULT_MEDIA_TIMEOUT);
    }

    public ProxySettings(Duration noAnswerTimeout) {
        this(noAnswerTimeout, DEFAULT_CHAT_STORE_TIME);
    }

    public ProxySettings withMedia(AnchorPolicy anchor, Duration mediaTimeout) {
        return new ProxySettings(noAnswerTimeout, chatStoreTime, anchor, mediaTimeout, trunkAnswerTimeout);
    }

    public ProxySettings withTrunkAnswerTimeout(Duration timeout) {
        return new ProxySettings(noAnswerTimeout, chatStoreTime, anchor, mediaTimeout, timeout);
    }

    public static ProxySettings defaults() {
        return new ProxySettings(Duration.ofSeconds(60));
    }
}
