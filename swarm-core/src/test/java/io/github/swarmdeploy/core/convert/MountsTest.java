package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.ServiceVolumeConfig;
import io.github.swarmdeploy.core.compose.model.VolumeBindOptions;
import io.github.swarmdeploy.core.compose.model.VolumeClusterOptions;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;
import io.github.swarmdeploy.core.compose.model.VolumeTmpfsOptions;
import io.github.swarmdeploy.core.compose.model.VolumeVolumeOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static io.github.swarmdeploy.core.convert.Fixtures.volume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** volumes: bind, volume (anonymous, named, external), tmpfs, cluster, with their options. */
class MountsTest {

    private static ServiceVolumeConfig mount(String type, String source, String target) {
        return new ServiceVolumeConfig(type, source, target, false, "", null, null, null, null, null);
    }

    private static Fixtures.Stack withVolumes(ServiceVolumeConfig... volumes) {
        return stack().with(service("s").volumes(List.of(volumes)));
    }

    @Test
    void bindAnonymousAndTmpfs() {
        JsonNode mounts = withVolumes(
                new ServiceVolumeConfig("bind", "/opt/data", "/var/lib/mysql", true, "cached",
                        Optional.of(new VolumeBindOptions("rshared")), null, null, null, null),
                mount("bind", "/srv", "/srv"),
                mount("volume", "", "/var/lib/mysql"),
                new ServiceVolumeConfig("tmpfs", "", "/run", false, "", null, null, null,
                        Optional.of(new VolumeTmpfsOptions(10000)), null),
                new ServiceVolumeConfig("tmpfs", "", "/tmp", false, "", null, null, null,
                        Optional.of(new VolumeTmpfsOptions(0)), null))
                .spec("s").at("/TaskTemplate/ContainerSpec/Mounts");

        assertJson("""
                [
                  {"Type": "bind", "Source": "/opt/data", "Target": "/var/lib/mysql", "ReadOnly": true,
                   "Consistency": "cached", "BindOptions": {"Propagation": "rshared"}},
                  {"Type": "bind", "Source": "/srv", "Target": "/srv"},
                  {"Type": "volume", "Target": "/var/lib/mysql"},
                  {"Type": "tmpfs", "Target": "/run", "TmpfsOptions": {"SizeBytes": 10000}},
                  {"Type": "tmpfs", "Target": "/tmp", "TmpfsOptions": {}}
                ]""", mounts);
    }

    @Test
    void namedVolumesAreScopedLabelledAndCarryTheirDriver() {
        JsonNode mounts = withVolumes(
                mount("volume", "data", "/data"),
                new ServiceVolumeConfig("volume", "named", "/named", false, "", null,
                        Optional.of(new VolumeVolumeOptions(true, "sub")), null, null, null),
                mount("volume", "outside", "/outside"),
                mount("volume", "legacy", "/legacy"))
                .volume(new VolumeConfig("data", "", "flocker", Map.of("foo", "bar"), null, Map.of("tier", "db"), null))
                .volume(new VolumeConfig("named", "user_specified_name", "", Map.of(), null, Map.of(), null))
                .volume(new VolumeConfig("outside", "", "", Map.of(), new External(true, ""), Map.of(), null))
                .volume(new VolumeConfig("legacy", "", "", Map.of(), new External(true, "my-cool-volume"), Map.of(), null))
                .spec("s").at("/TaskTemplate/ContainerSpec/Mounts");

        assertJson("""
                [
                  {"Type": "volume", "Source": "app_data", "Target": "/data", "VolumeOptions": {
                     "Labels": {"tier": "db", "com.docker.stack.namespace": "app"},
                     "DriverConfig": {"Name": "flocker", "Options": {"foo": "bar"}}}},
                  {"Type": "volume", "Source": "user_specified_name", "Target": "/named", "VolumeOptions": {
                     "NoCopy": true, "Subpath": "sub", "Labels": {"com.docker.stack.namespace": "app"}}},
                  {"Type": "volume", "Source": "outside", "Target": "/outside", "VolumeOptions": {}},
                  {"Type": "volume", "Source": "my-cool-volume", "Target": "/legacy", "VolumeOptions": {}}
                ]""", mounts);
    }

    @Test
    void clusterVolumesKeepAGroupSourceAndScopeOthers() {
        JsonNode mounts = withVolumes(
                new ServiceVolumeConfig("cluster", "group:mygroup", "/srv", false, "", null, null, null, null, Optional.of(new VolumeClusterOptions())),
                new ServiceVolumeConfig("cluster", "csi", "/csi", false, "", null, null, null, null, null))
                .volume(volume("csi"))
                .spec("s").at("/TaskTemplate/ContainerSpec/Mounts");

        assertJson("""
                [
                  {"Type": "cluster", "Source": "group:mygroup", "Target": "/srv", "ClusterOptions": {}},
                  {"Type": "cluster", "Source": "app_csi", "Target": "/csi", "ClusterOptions": {}}
                ]""", mounts);
    }

    @Test
    void dockersRefusals() {
        assertEquals("services.s.volumes.0.source: undefined volume \"nope\"", refusal(mount("volume", "nope", "/x")));
        assertEquals("services.s.volumes.0.source: invalid bind source, source cannot be empty",
                refusal(mount("bind", "", "/x")));
        assertEquals("services.s.volumes.0.source: invalid tmpfs source, source must be empty",
                refusal(mount("tmpfs", "/a", "/x")));
        assertEquals("services.s.volumes.0.tmpfs: tmpfs options are incompatible with type bind",
                refusal(new ServiceVolumeConfig("bind", "/a", "/x", false, "", null, null, null,
                        Optional.of(new VolumeTmpfsOptions(1)), null)));
        assertEquals("services.s.volumes.0.bind: bind options are incompatible with type volume",
                refusal(new ServiceVolumeConfig("volume", "", "/x", false, "", Optional.of(new VolumeBindOptions("")),
                        null, null, null, null)));
        assertEquals("services.s.volumes.0.type: volume type must be volume, bind, tmpfs, npipe, or cluster",
                refusal(mount("overlay", "", "/x")));
    }

    private static String refusal(ServiceVolumeConfig volume) {
        return assertThrows(ConversionException.class, () -> withVolumes(volume).convert()).getMessage();
    }
}
