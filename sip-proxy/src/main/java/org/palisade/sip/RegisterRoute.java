package org.palisade.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.palisade.core.auth.AuthOutcome;
import org.palisade.core.auth.AuthRequest;
import org.palisade.core.auth.Authenticator;
import org.palisade.core.location.Binding;
import org.palisade.core.location.ContactSpec;
import org.palisade.core.location.RegisterRequest;
import org.palisade.core.location.RegisterResult;
import org.palisade.core.location.Registrar;

/**
 * REGISTER, RFC 3261 section 10.3: authenticate, check the address of record belongs to the
 * authenticated extension, then hand the contacts to the registrar and answer with the
 * bindings now current.
 */
public final class RegisterRoute {

    private final Replies replies;
    private final Authenticator authenticator;
    private final Registrar registrar;
    private final NewBindings newBindings;

    /** Told, after the 200 went out, of the devices a REGISTER added: store-and-forward hangs off this. */
    @FunctionalInterface
    public interface NewBindings {
        void added(String aor, List<Binding> added);
    }

    public RegisterRoute(Replies replies, Authenticator authenticator, Registrar registrar) {
        this(replies, authenticator, registrar, (aor, added) -> { });
    }

    public RegisterRoute(Replies replies, Authenticator authenticator, Registrar registrar, NewBindings newBindings) {
        this.replies = replies;
        this.authenticator = authenticator;
        this.registrar = registrar;
        this.newBindings = newBindings;
    }

    public void handle(ServerTransaction tx, Request request, Source source) {
        if (request.getHeader(RequireHeader.NAME) != null) {
            Response bad = replies.create(request, Response.BAD_EXTENSION, "Bad Extension");
            copyRequireAsUnsupported(request, bad);
            replies.send(tx, bad);
            return;
        }
        AuthOutcome outcome = authenticator.authenticate(new AuthRequest(Request.REGISTER, source.host(),
                DigestHeaders.REGISTRAR.credentials(request, null)));
        if (outcome instanceof AuthOutcome.Challenge challenge) {
            replies.send(tx, DigestHeaders.REGISTRAR.challenge(replies, request, challenge.challenges()));
            return;
        }
        if (outcome instanceof AuthOutcome.Refused refused) {
            replies.send(tx, request, Response.FORBIDDEN, refused.reason());
            return;
        }
        String user = ((AuthOutcome.Authenticated) outcome).extension().number();
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(to instanceof SipURI sipTo) || !user.equals(sipTo.getUser())) {
            replies.send(tx, request, Response.FORBIDDEN, "Extension " + user + " may only register its own address");
            return;
        }
        RegisterRequest register;
        try {
            register = parse(request, user, source);
        } catch (IllegalArgumentException e) {
            replies.send(tx, request, Response.BAD_REQUEST, e.getMessage());
            return;
        }
        RegisterResult result = registrar.register(register);
        if (result instanceof RegisterResult.Ok ok) {
            replies.send(tx, ok(request, ok));
            // A binding made by this REGISTER carries its time as its registration time.
            List<Binding> added = ok.bindings().stream().filter(b -> b.registeredAtMillis() == ok.nowMillis()).toList();
            if (!added.isEmpty()) {
                newBindings.added(user, added);
            }
        } else if (result instanceof RegisterResult.IntervalTooBrief brief) {
            Response response = replies.create(request, Response.INTERVAL_TOO_BRIEF, "Interval Too Brief");
            try {
                response.addHeader(replies.headers().createMinExpiresHeader(brief.minExpires()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            replies.send(tx, response);
        } else {
            RegisterResult.Rejected rejected = (RegisterResult.Rejected) result;
            replies.send(tx, request, rejected.code(), rejected.reason());
        }
    }

    private static RegisterRequest parse(Request request, String aor, Source source) {
        List<ContactSpec> contacts = new ArrayList<>();
        boolean wildcard = false;
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader contact = (ContactHeader) it.next();
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            int expires = contact.getExpires();
            float q = contact.getQValue();
            contacts.add(new ContactSpec(contact.getAddress().getURI().toString(), expires < 0 ? null : expires, q < 0 ? null : q));
        }
        if (wildcard && !contacts.isEmpty()) {
            throw new IllegalArgumentException("Contact * must be the only Contact");
        }
        ExpiresHeader expires = request.getExpires();
        UserAgentHeader agent = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        return new RegisterRequest(aor, contacts, wildcard, expires == null ? null : expires.getExpires(),
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(),
                source.host(), source.port(), source.transport(), agent == null ? null : userAgent(agent));
    }

    private static String userAgent(UserAgentHeader agent) {
        StringBuilder text = new StringBuilder();
        for (ListIterator<?> it = agent.getProduct(); it.hasNext(); ) {
            text.append(text.length() == 0 ? "" : " ").append(it.next());
        }
        return text.length() > 255 ? text.substring(0, 255) : text.toString();
    }

    private Response ok(Request request, RegisterResult.Ok ok) {
        Response response = replies.create(request, Response.OK, "OK");
        HeaderFactory headers = replies.headers();
        try {
            response.addHeader(headers.createDateHeader(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"))));
            for (Binding b : ok.bindings()) {
                URI uri = replies.addresses().createURI(b.contactUri());
                Address address = replies.addresses().createAddress(uri);
                ContactHeader contact = headers.createContactHeader(address);
                contact.setExpires(b.secondsLeft(ok.nowMillis()));
                if (b.q() != null) {
                    contact.setQValue(b.q());
                }
                response.addHeader(contact);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list bindings", e);
        }
        return response;
    }

    private void copyRequireAsUnsupported(Request request, Response response) {
        try {
            for (ListIterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
                String tag = ((RequireHeader) it.next()).getOptionTag();
                response.addHeader(replies.headers().createUnsupportedHeader(tag));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
