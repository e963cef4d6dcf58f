package org.palisade.core.trunk;

import java.util.List;
import java.util.Optional;

/**
 * What the proxy asks the PBX bridge about calls that cross a trunk. The proxy never sees a trunk's
 * row or its password: it gets next hops, numbers and ready-made header values. Called on the SIP
 * threads; implementations answer from memory (a snapshot refreshed in the background or every
 * few seconds) and never throw.
 */
public interface PbxBridge {

    /** A trunk's peer recognised as the source of a request. */
    record TrunkPeer(String trunk, String username) {
    }

    /** One trunk to offer an outbound call to, in the order to try them. */
    record Target(String trunk, String host, int port, String transport, String number) {
    }

    /**
     * The dial plan's answer for a dialled string: the trunks to try, in order (enabled, up and below
     * their max-calls now), or why there are none.
     */
    record Plan(Outcome outcome, List<Target> targets, String reason) {

        public enum Outcome {
            /** {@code targets} is not empty. */
            ROUTED,
            /** No route matches, or the string is not a number: 404. */
            NO_ROUTE,
            /** A route matches but each of its trunks is disabled, down or full: 503. */
            UNAVAILABLE
        }

        public Plan {
            targets = List.copyOf(targets);
        }

        public static Plan none(Outcome outcome, String reason) {
            return new Plan(outcome, List.of(), reason);
        }
    }

    /** @return the trunk whose peer is {@code host} (and {@code port}, when the trunk names one) */
    Optional<TrunkPeer> trunkAt(String host, int port);

    /** Plans an outbound call to {@code dialled}, a string that is not one of our extensions. */
    Plan plan(String dialled);

    /**
     * The extension an inbound call to {@code number} rings: its DID's, else the operator extension.
     *
     * @param number as the trunk sent it; normalised like a dialled number before the look-up
     */
    Optional<String> extensionForDid(String number);

    /** The number to present on a trunk for {@code extension}: its first DID, else the extension itself. */
    String callerId(String extension);

    /** Takes one of the trunk's call slots; false when the trunk is at its max-calls. */
    boolean acquire(String trunk);

    /** Gives back a slot taken by {@link #acquire}. */
    void release(String trunk);

    /**
     * Digest credentials answering a trunk's 401 or 407 to a request Palisade sent it.
     *
     * @param challenges the WWW-Authenticate or Proxy-Authenticate values of the response
     * @return the Authorization or Proxy-Authorization value; empty when the trunk has no credentials
     *         or the challenge cannot be answered
     */
    Optional<String> credentials(String trunk, List<String> challenges, String method, String requestUri);

    /** A node without trunks: every number that is not an extension is unknown. */
    PbxBridge NONE = new PbxBridge() {
        @Override
        public Optional<TrunkPeer> trunkAt(String host, int port) {
            return Optional.empty();
        }

        @Override
        public Plan plan(String dialled) {
            return Plan.none(Plan.Outcome.NO_ROUTE, "no trunks");
        }

        @Override
        public Optional<String> extensionForDid(String number) {
            return Optional.empty();
        }

        @Override
        public String callerId(String extension) {
            return extension;
        }

        @Override
        public boolean acquire(String trunk) {
            return false;
        }

        @Override
        public void release(String trunk) {
        }

        @Override
        public Optional<String> credentials(String trunk, List<String> challenges, String method, String requestUri) {
            return Optional.empty();
        }
    };
}
