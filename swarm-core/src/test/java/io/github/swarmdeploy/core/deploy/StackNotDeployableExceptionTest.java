package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.Position;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StackNotDeployableExceptionTest {

    @Test
    void problemsAreListedInTheOrderTheFilesReadNotByObjectName() {
        StackNotDeployableException e = new StackNotDeployableException("shop_prod", List.of(
                new Problem(new Position("compose.prod.yaml", 119, 5), "secrets.ca-crt", "external secret \"ca-crt\" not found"),
                Problem.general("lock: held by someone"),
                new Problem(new Position("compose.prod.yaml", 117, 5), "secrets.passwd", "external secret \"passwd\" not found"),
                new Problem(new Position("compose.prod.yaml", 9, 7), "services.web.image", "invalid reference"),
                new Problem(new Position("compose.yaml", 20, 3), "networks.edge", "external network \"edge\" not found")));

        assertEquals(List.of(
                "compose.prod.yaml:9:7 services.web.image: invalid reference",
                "compose.prod.yaml:117:5 secrets.passwd: external secret \"passwd\" not found",
                "compose.prod.yaml:119:5 secrets.ca-crt: external secret \"ca-crt\" not found",
                "compose.yaml:20:3 networks.edge: external network \"edge\" not found",
                "lock: held by someone"), e.problems().stream().map(Problem::toString).toList());
        assertEquals("stack shop_prod cannot be deployed (5 problems); nothing on the swarm was changed:\n"
                + "  compose.prod.yaml:9:7 services.web.image: invalid reference\n", e.getMessage().substring(0,
                e.getMessage().indexOf("\n", e.getMessage().indexOf("\n") + 1) + 1));
    }
}
