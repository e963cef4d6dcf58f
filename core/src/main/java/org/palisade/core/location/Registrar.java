package org.palisade.core.location;

/** The location service's write side: applies an authenticated REGISTER. */
public interface Registrar {

    RegisterResult register(RegisterRequest request);
}
