package io.github.swarmdeploy.core.golang;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SortTest {

    /** A port as docker's loader expands it: published, target. */
    private record Port(int published, int target) {
    }

    /**
     * The ports of docker/cli's full-example.yml in the loader's order, and the order {@code docker stack deploy}
     * (CLI 28.2.2, Go 1.24) sent them in, as read back from the engine: the unpublished ones are not in file order.
     */
    @Test
    void reproducesTheOrderDockerSentForTheFullExample() {
        List<Port> ports = new ArrayList<>(List.of(new Port(0, 3000), new Port(0, 3001), new Port(0, 3002),
                new Port(0, 3003), new Port(0, 3004), new Port(0, 3005), new Port(8000, 8000), new Port(9090, 8080),
                new Port(9091, 8081), new Port(49100, 22), new Port(8001, 8001)));
        for (int port = 5000; port <= 5010; port++) {
            ports.add(new Port(port, port));
        }

        Sort.slice(ports, (a, b) -> a.published() < b.published());

        assertEquals(List.of(3001, 3002, 3003, 3004, 3005, 3000, 5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008,
                5009, 5010, 8000, 8001, 8080, 8081, 22), ports.stream().map(Port::target).toList());
    }

    @Test
    void upToTwelveElementsItIsAStableInsertionSort() {
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ports.add(new Port(i % 3, i));
        }
        List<Port> expected = new ArrayList<>(ports);
        expected.sort(Comparator.comparingInt(Port::published));

        Sort.slice(ports, (a, b) -> a.published() < b.published());

        assertEquals(expected, ports);
    }

    @Test
    void sortsLargeInputsOfEveryShape() {
        Random random = new Random(7);
        for (int size : new int[] {13, 50, 51, 200, 1000}) {
            for (int shape = 0; shape < 4; shape++) {
                List<Integer> values = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    values.add(switch (shape) {
                        case 0 -> random.nextInt(1000);
                        case 1 -> i;
                        case 2 -> size - i;
                        default -> random.nextInt(3);
                    });
                }
                List<Integer> expected = new ArrayList<>(values);
                expected.sort(null);

                Sort.slice(values, (a, b) -> a < b);

                assertEquals(expected, values, "size " + size + " shape " + shape);
            }
        }
    }
}
