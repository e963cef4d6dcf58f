package org.palisade.core.location;

import java.util.List;

/** The location service's read side: where an extension can be reached now. */
public interface LocationService {

    List<Binding> lookup(String aor);
}
