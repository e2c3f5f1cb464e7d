package org.carbonlab.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Looks up the named values of specs, options and results (models, precisions, engines, formats, ...). */
public final class Names {

    private Names() {
    }

    /**
     * The value of {@code values} whose id is {@code text} (ignoring case), or a {@link UserException} naming
     * the valid ids: {@code unknown <what> '<text>'; valid: [...]}.
     */
    public static <E> E byId(E[] values, Function<E, String> id, String text, String what) {
        String wanted = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> id.apply(v).equals(wanted)).findFirst()
                .orElseThrow(() -> new UserException("unknown " + what + " '" + text + "'; valid: "
                        + Arrays.stream(values).map(id).toList()));
    }
}
