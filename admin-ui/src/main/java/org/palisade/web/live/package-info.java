/**
 * What is happening now: {@link org.palisade.web.live.CallApi} ({@code /api/calls}, an admin may end
 * one), {@link org.palisade.web.live.ServiceApi} ({@code /api/services}, the kill switch) and
 * {@link org.palisade.web.live.DashboardApi} ({@code /api/dashboard}).
 *
 * <p>What only the running node knows comes in through core's {@link org.palisade.core.call.LiveCalls},
 * {@link org.palisade.web.live.KillSwitch}, and the dial-plan and relay packages' status sources,
 * all implemented by the server module.
 */
package org.palisade.web.live;
