package org.palisade.web.api;

/**
 * One endpoint. Throw what {@link org.palisade.core.admin.Administration} throws and the
 * dispatcher turns it into the right status (see the package documentation); return a response
 * for everything else.
 */
@FunctionalInterface
public interface ApiHandler {

    ApiResponse handle(ApiRequest request) throws Exception;
}
