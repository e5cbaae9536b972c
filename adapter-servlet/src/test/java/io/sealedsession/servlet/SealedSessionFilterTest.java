package io.sealedsession.servlet;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The servlet adapter's end-to-end suite on the in-memory store, in every container of {@link ServletContainer#all()}. */
@DisplayName("SealedSessionFilter")
@ParameterizedClass(name = "in {0}")
@MethodSource("containers")
class SealedSessionFilterTest extends SealedSessionFilterContract {

    @Parameter
    ServletContainer container;

    static List<ServletContainer> containers() {
        return ServletContainer.all();
    }

    @Override
    protected ServletContainer container() {
        return container;
    }
}
