/**
 * Trunks, the outbound dial plan and inbound DIDs over the API: {@link org.palisade.web.dialplan.TrunkApi},
 * {@link org.palisade.web.dialplan.RouteApi} and {@link org.palisade.web.dialplan.DidApi}, each
 * registering its endpoints with {@code register(Routes)}, all on core's
 * {@link org.palisade.core.admin.TrunkAdministration}.
 *
 * <p>What only a running node knows comes in through small interfaces the server module
 * implements (admin-ui depends on core alone): {@link org.palisade.web.dialplan.TrunkStatusSource.NodeState}
 * (OPTIONS health, registrations, calls in use) and {@link org.palisade.web.dialplan.RouteTester}
 * (number plan and dial-plan matching, in pbx-bridge). {@link org.palisade.web.dialplan.TrunkStatusSource}
 * is what the dashboard shows as trunk health, too.
 */
package org.palisade.web.dialplan;
