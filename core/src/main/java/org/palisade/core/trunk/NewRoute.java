package org.palisade.core.trunk;

import java.util.List;

/**
 * A route as an admin asks for it.
 *
 * @param position  1-based place in the dial plan, later routes move down; null: last
 * @param strip     null: 0
 */
public record NewRoute(String name, Route.Kind kind, String pattern, Integer strip, String prepend, List<String> trunks,
                       Integer position) {
}
