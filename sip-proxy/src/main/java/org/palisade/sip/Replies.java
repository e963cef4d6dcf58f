package org.palisade.sip;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ServerTransaction;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and sends Palisade's own answers, each with a reason phrase that says what is wrong. */
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
    static final String SERVER = "Palisade";
    static final List<String> ALLOWED = List.of("REGISTER", "OPTIONS", "INVITE", "ACK", "BYE", "CANCEL", "MESSAGE", "INFO",
            "UPDATE", "PRACK", "REFER", "NOTIFY");

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;

    public Replies(MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
    }

    public Response create(Request request, int code, String reason) {
        try {
            Response response = messages.createResponse(code, request);
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (code > 100 && to != null && to.getTag() == null) {
                to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
            }
            response.addHeader(headers.createServerHeader(List.of(SERVER)));
            return response;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build " + code + " response", e);
        }
    }

    public void send(ServerTransaction tx, Request request, int code, String reason) {
        send(tx, create(request, code, reason));
    }

    public void send(ServerTransaction tx, Response response) {
        try {
            tx.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("could not send {}: {}", response.getStatusCode(), e.toString());
        }
    }

    /** OPTIONS addressed to Palisade itself: what it can do (RFC 3261 11.2). */
    public void options(ServerTransaction tx, Request request) {
        Response ok = create(request, Response.OK, null);
        try {
            for (String method : ALLOWED) {
                ok.addHeader(headers.createAllowHeader(method));
            }
            ok.addHeader(headers.createAcceptHeader("application", "sdp"));
            ok.addHeader(headers.createAcceptHeader("text", "plain"));
            ok.addHeader(headers.createAcceptHeader("message", "cpim"));
            // Supported lists the extensions Palisade itself implements: none yet. The empty
            // list is valid (RFC 3261 25.1) and tells a phone not to rely on any through it.
            ok.addHeader(headers.createHeader("Supported", ""));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        send(tx, ok);
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }
}
