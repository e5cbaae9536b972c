package io.sealedsession.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot itself prints the starter's failure analyses (registered in {@code spring.factories})
 * when an application cannot start. Each Boot line names its own servlet-server
 * auto-configuration ({@link #minimal()}); the rest is the same on Boot 4.1 and 3.5.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class FailureAnalysisContract {

    /** A configuration that imports {@link SealedSessionsAutoConfiguration} and the line's servlet server. */
    protected abstract Class<?> minimal();

    /** A bean under the name Spring Session gives its filter. */
    @Configuration(proxyBeanMethods = false)
    public static class WithSpringSessionFilter {
        @Bean
        jakarta.servlet.Filter springSessionRepositoryFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }

    @Test
    @DisplayName("a missing keyring stops the start, and Boot prints the analysis that says how to give one")
    void keyringWhenMissingThenBootPrintsTheAnalysis(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(minimal()).web(WebApplicationType.NONE)
                .properties("sealedsession.store=memory");

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(KeyringMissingException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Sealed Sessions has no keyring")
                .contains("sealedsession.keyring.throwaway=true");
    }

    @Test
    @DisplayName("Spring Session's filter beside ours stops the start, and Boot prints the analysis that says to keep one")
    void springSessionWhenPresentThenBootPrintsTheAnalysis(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(minimal(), WithSpringSessionFilter.class)
                .web(WebApplicationType.SERVLET)
                .properties("sealedsession.store=memory", "sealedsession.keyring.throwaway=true", "server.port=0");

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(SessionFilterConflictException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Two filters want to replace HttpSession");
    }
}
