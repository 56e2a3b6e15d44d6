package dev.sigil.acme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTest {

    @Test
    void resourcesAndIds() {
        assertThat(Route.parse("/directory")).contains(new Route(Route.Resource.DIRECTORY, "", Optional.empty()));
        assertThat(Route.parse("/order/abc_-1")).contains(new Route(Route.Resource.ORDER, "abc_-1", Optional.empty()));
        assertThat(Route.parse("/order/abc/finalize")).contains(new Route(Route.Resource.FINALIZE, "abc",
                Optional.empty()));
        assertThat(Route.parse("/account/a1/orders")).contains(new Route(Route.Resource.ORDERS, "a1", Optional.empty()));
        assertThat(Route.parse("/account/a1/orders/YTE6MTIz")).contains(new Route(Route.Resource.ORDERS, "a1",
                Optional.of("YTE6MTIz")));
        assertThat(Route.parse("/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")).map(Route::id)
                .contains("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/directory/", "/Directory", "/order", "/order/", "/order/a/b", "/order/a%2Fb",
            "/order/../x", "/account/a/orders/", "/account/a/orders/c/d", "/cert/a/finalize", "/nope/a",
            "/renewal-info", "/renewal-info/", "/renewal-info/a/b", "//directory"})
    void everythingElseIsUnknown(String path) {
        assertThat(Route.parse(path)).isEmpty();
    }
}
