package org.palisade.sip.proxy;

import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.chat.ChatArchive;
import org.palisade.core.chat.ChatMessage;
import org.palisade.core.chat.ChatState;
import org.palisade.core.location.Binding;
import org.palisade.sip.NextHop;
import org.palisade.sip.Replies;
import org.palisade.sip.SipServer.SipContext;
import org.palisade.sip.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MESSAGE (RFC 3428) as {@link ProxyRoute} sees it: every authenticated MESSAGE is archived
 * before anything else happens to it, messages for an extension with no device are stored and
 * answered 202, and stored messages go out when the extension registers a new device.
 *
 * <p>Archive first, deliver second. The row and its CHAT_MESSAGE audit entry are written in
 * one transaction on the SIP thread, before the message is forwarded. If that write fails,
 * the exception reaches {@code RequestRoute}, which answers 500: a message Palisade could not
 * archive is never delivered, and the sender's phone knows it was not sent. The cost is one
 * small transaction per message on the request's thread (it serialises on the audit chain's
 * head, like a LOGON); the final state (DELIVERED/FAILED) is one single-row UPDATE, written
 * after the sender already has its answer.
 */
final class ChatRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRoute.class);

    private final SipContext sip;
    private final Replies replies;
    private final Forwarder forwarder;
    private final ChatArchive archive;
    private final ScheduledExecutorService timers;

    ChatRoute(SipContext sip, Replies replies, Forwarder forwarder, ChatArchive archive, ScheduledExecutorService timers) {
        this.sip = sip;
        this.replies = replies;
        this.forwarder = forwarder;
        this.archive = archive;
        this.timers = timers;
        // Messages whose recipient never comes back expire here; the ones of a recipient who
        // registers are checked again at that moment, so none is delivered late.
        long sweep = Math.max(1_000, Math.min(60_000, archive.storeTime().toMillis() / 4));
        timers.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private static boolean isMessage(Request request) {
        return Request.MESSAGE.equals(request.getMethod());
    }

    /**
     * 413 for a body over {@link ChatArchive#MAX_BODY_BYTES}: the archive keeps whole messages
     * only, so one it could not keep is not accepted (and, having no archive row, is not audited).
     */
    boolean refusedAsTooLarge(javax.sip.ServerTransaction tx, Request request) {
        byte[] body = request.getRawContent();
        if (!isMessage(request) || body == null || body.length <= ChatArchive.MAX_BODY_BYTES) {
            return false;
        }
        replies.send(tx, request, Response.REQUEST_ENTITY_TOO_LARGE, "Message body over " + ChatArchive.MAX_BODY_BYTES + " bytes");
        return true;
    }

    /** A MESSAGE refused before it could be routed (spoofed From, not ours, no such extension): archived FAILED. */
    void refused(Request request, String sender, int code, Source source) {
        if (isMessage(request)) {
            archive(request, sender, recipient(request.getRequestURI()), ChatState.FAILED, code, source);
        }
    }

    /** A MESSAGE refused by the service rights: archived BLOCKED (the POLICY_BLOCKED entry is written as well). */
    void blocked(Request request, String sender, String recipient, Source source) {
        archive(request, sender, recipient, ChatState.BLOCKED, Response.FORBIDDEN, source);
    }

    /** The recipient has no device: archived STORED, and the sender hears 202 Accepted (RFC 3428 7). */
    void store(javax.sip.ServerTransaction tx, Request request, String sender, String recipient, Source source) {
        archive(request, sender, recipient, ChatState.STORED, Response.ACCEPTED, source);
        replies.send(tx, request, Response.ACCEPTED, "Accepted, stored for delivery");
    }

    /** Archived PENDING before the fork starts; the outcome records the fork's answer. */
    Fork.Outcome forwarding(Request request, String sender, String recipient, Source source) {
        long id = archive(request, sender, recipient, ChatState.PENDING, null, source).id();
        return new Fork.Outcome() {
            @Override
            public void answered(Branch branch, Response upstream, boolean first) {
                if (first) {
                    record(() -> archive.delivered(id, upstream.getStatusCode()), id);
                }
            }

            @Override
            public void failed(int code, boolean cancelledByCaller) {
                record(() -> archive.failed(id, code), id);
            }
        };
    }

    private ChatMessage archive(Request request, String sender, String recipient, ChatState state, Integer code, Source source) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String contentType = type == null ? null : type.toString().substring(type.toString().indexOf(':') + 1).trim();
        return archive.archive(sender, recipient, contentType, request.getRawContent(),
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(), state, code, source.toString());
    }

    private static String recipient(URI target) {
        return target instanceof SipURI sip && sip.getUser() != null ? sip.getUser() : String.valueOf(target);
    }

    private static void record(Runnable update, long id) {
        try {
            update.run();
        } catch (RuntimeException e) {
            // The message is archived (and audited) already; only its final state is missing.
            LOG.warn("chat message {}: could not record its delivery state: {}", id, e.toString());
        }
    }

    // ---- store and forward ----------------------------------------------------------------

    /**
     * A REGISTER added devices to {@code aor}: its stored messages go to each new device, oldest
     * first, one after the other. Runs off the SIP threads; the REGISTER is answered already.
     */
    void registered(String aor, List<Binding> added) {
        if (added.isEmpty()) {
            return;
        }
        timers.execute(() -> {
            try {
                List<ChatMessage> waiting = archive.waitingFor(aor);
                if (waiting.isEmpty()) {
                    return;
                }
                for (Binding b : added) {
                    new Delivery(b, waiting).next();
                }
            } catch (RuntimeException e) {
                LOG.warn("stored messages for {} not delivered now: {}", aor, e.toString());
            }
        });
    }

    private void sweep() {
        try {
            int n = archive.expire();
            if (n > 0) {
                LOG.info("{} stored chat messages expired", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("chat expiry sweep failed, will retry: {}", e.toString());
        }
    }

    /**
     * The stored messages on their way to one device: each a new MESSAGE from Palisade with the
     * original sender in From and the original time in Date, sent to the address the device
     * registered from. The next goes when the previous has its final answer, so they arrive in
     * order. A message a device refuses stays STORED for the next registration (or expiry).
     */
    final class Delivery {
        private final Binding binding;
        private final NextHop hop;
        private final List<ChatMessage> messages;
        private int index = -1;

        Delivery(Binding binding, List<ChatMessage> messages) {
            this.binding = binding;
            this.hop = new NextHop(binding.sourceHost(), binding.sourcePort(), binding.transport());
            this.messages = messages;
        }

        synchronized void next() {
            while (++index < messages.size()) {
                ChatMessage m = messages.get(index);
                try {
                    Request request = build(m);
                    ClientTransaction ct = forwarder.prepare(request, request, hop);
                    ct.setApplicationData(this);
                    ct.sendRequest();
                    return;
                } catch (Exception e) {
                    LOG.debug("stored message {} not sent to {}: {}", m.id(), hop, e.toString());
                }
            }
        }

        synchronized void onResponse(Response response) {
            int code = response.getStatusCode();
            if (code < 200) {
                return;
            }
            if (code < 300) {
                long id = messages.get(index).id();
                record(() -> archive.delivered(id, code), id);
            }
            next();
        }

        void onTimeout() {
            next();
        }

        private Request build(ChatMessage m) throws Exception {
            String domain = sip.settings().domain();
            URI target = sip.addresses().createURI(binding.contactUri());
            Address from = sip.addresses().createAddress(sip.addresses().createSipURI(m.sender(), domain));
            Address to = sip.addresses().createAddress(sip.addresses().createSipURI(binding.aor(), domain));
            Request r = sip.messages().createRequest(target, Request.MESSAGE, sip.provider(hop.transport()).getNewCallId(),
                    sip.headers().createCSeqHeader(1L, Request.MESSAGE),
                    sip.headers().createFromHeader(from, Long.toHexString(ThreadLocalRandom.current().nextLong())),
                    sip.headers().createToHeader(to, null), new java.util.ArrayList<>(), sip.headers().createMaxForwardsHeader(70));
            Calendar sent = Calendar.getInstance(TimeZone.getTimeZone("GMT"));
            sent.setTimeInMillis(m.sentAtMillis());
            r.addHeader(sip.headers().createDateHeader(sent)); // RFC 3261 20.17: the time it was sent, not now
            r.setContent(m.bodyBytes(), contentType(m.contentType()));
            return r;
        }

        private ContentTypeHeader contentType(String stored) {
            try {
                return (ContentTypeHeader) sip.headers().createHeader(ContentTypeHeader.NAME, stored);
            } catch (Exception e) {
                try {
                    return sip.headers().createContentTypeHeader("text", "plain");
                } catch (java.text.ParseException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }
}
