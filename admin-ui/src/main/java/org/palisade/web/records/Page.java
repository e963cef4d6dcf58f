package org.palisade.web.records;

import java.util.List;

/**
 * One page of a list that can grow without bound: {@code {"items": [...], "next": CURSOR | null}};
 * the client passes {@code cursor=CURSOR} for the page after it.
 */
record Page<T>(List<T> items, String next) {
}
