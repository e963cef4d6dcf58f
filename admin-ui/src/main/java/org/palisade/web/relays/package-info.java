/**
 * {@code /api/relay-nodes}: {@link org.palisade.web.relays.RelayNodeApi} on core's
 * {@link org.palisade.core.admin.RelayNodeAdministration}, with each node's health from the
 * server's relay pool through {@link org.palisade.web.relays.RelayHealthSource}.
 */
package org.palisade.web.relays;
