package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.Position;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML read as Go's yaml.v3 reads it for docker, with a position for every value. */
class YamlReadingTest {

    private static MapNode read(String yaml) {
        List<Problem> problems = new ArrayList<>();
        MapNode root = YamlDocumentReader.read("f.yml", yaml, problems).orElseThrow(() -> new AssertionError(problems));
        assertEquals(List.of(), problems);
        return root;
    }

    private static Object value(MapNode root, String key) {
        return ((ScalarNode) root.get(key)).value();
    }

    @Test
    void unquotedScalarsMeanWhatTheyMeanToYamlV3() {
        MapNode root = read("""
                yes_is_text: yes
                on_is_text: on
                true_is_bool: True
                octal: 0440
                octal_o: 0o17
                hex: 0x1F
                not_octal: 08
                underscores: 1_000
                float: .5
                exponent: 1e3
                null_tilde: ~
                empty:
                huge: 18446744073709551615
                date: 2001-12-14
                quoted: "0440"
                tagged: !!str 12
                """);
        assertEquals("yes", value(root, "yes_is_text"));
        assertEquals("on", value(root, "on_is_text"));
        assertEquals(Boolean.TRUE, value(root, "true_is_bool"));
        assertEquals(288L, value(root, "octal"));
        assertEquals(15L, value(root, "octal_o"));
        assertEquals(31L, value(root, "hex"));
        assertEquals(8.0, value(root, "not_octal"));
        assertEquals(1000L, value(root, "underscores"));
        assertEquals(0.5, value(root, "float"));
        assertEquals(1000.0, value(root, "exponent"));
        assertEquals(null, value(root, "null_tilde"));
        assertEquals(null, value(root, "empty"));
        assertEquals(new BigInteger("18446744073709551615"), value(root, "huge"));
        assertEquals("2001-12-14 00:00:00 +0000 UTC", value(root, "date").toString());
        assertEquals("0440", value(root, "quoted"));
        assertEquals("12", value(root, "tagged"));
    }

    @Test
    void mergeKeysLetWrittenKeysWinAndTheFirstOfSeveralMappings() {
        MapNode root = read("""
                base: &base {a: base, b: base, c: base}
                other: &other {b: other, d: other}
                one:
                  <<: *base
                  a: own
                several:
                  <<: [*other, *base]
                tagged:
                  !!merge <<: *base
                  c: own
                """);
        MapNode one = (MapNode) root.get("one");
        assertEquals("own", value(one, "a"));
        assertEquals("base", value(one, "b"));
        MapNode several = (MapNode) root.get("several");
        assertEquals("other", value(several, "b"));
        assertEquals("base", value(several, "a"));
        assertEquals("other", value(several, "d"));
        MapNode tagged = (MapNode) root.get("tagged");
        assertEquals("own", value(tagged, "c"));
        assertEquals("base", value(tagged, "a"));
    }

    @Test
    void aliasedValuesKeepThePositionOfTheAnchor() {
        MapNode root = read("""
                defaults: &d
                  replicas: 2
                web:
                  deploy: *d
                """);
        MapNode deploy = (MapNode) ((MapNode) root.get("web")).get("deploy");
        assertEquals(new Position("f.yml", 2, 13), deploy.get("replicas").position());
        assertEquals(new Position("f.yml", 4, 3), ((MapNode) root.get("web")).entry("deploy").orElseThrow().keyPosition());
    }

    @Test
    void aDocumentThatIsNotAMappingIsAProblem() {
        List<Problem> problems = new ArrayList<>();
        assertTrue(YamlDocumentReader.read("f.yml", "- a\n- b\n", problems).isEmpty());
        assertEquals("f.yml:1:1 top-level object must be a mapping", problems.get(0).toString());
        problems.clear();
        assertTrue(YamlDocumentReader.read("f.yml", "", problems).isEmpty());
        assertInstanceOf(Problem.class, problems.get(0));
        assertEquals("f.yml: top-level object must be a mapping (the file is empty)", problems.get(0).toString());
    }

    @Test
    void aRecursiveAliasIsAProblemNotAHang() {
        List<Problem> problems = new ArrayList<>();
        YamlDocumentReader.read("f.yml", "a: &x\n  b: *x\n", problems);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().contains("recursive"), problems::toString);
    }

    /** docker (yaml.v3 Unmarshal) reads the first document and does not even parse the others. */
    @Test
    void onlyTheFirstDocumentIsReadAndTheOthersAreNamedInAWarning() {
        List<Problem> problems = new ArrayList<>();
        List<ComposeWarning> warnings = new ArrayList<>();
        MapNode root = YamlDocumentReader.read("f.yml", "a: 1\n---\nb: 2\n---\n: [not yaml\n", problems, warnings).orElseThrow();
        assertEquals(List.of(), problems);
        assertEquals(List.of("a"), List.copyOf(root.entries().keySet()));
        assertEquals(List.of("f.yml: only the first YAML document of the file is read; the documents after the next '---' are ignored (as docker does)"),
                warnings.stream().map(ComposeWarning::message).toList());

        // an empty first document is what docker reads too, and refuses
        assertTrue(YamlDocumentReader.read("f.yml", "---\n---\na: 1\n", problems, warnings).isEmpty());
        assertEquals("f.yml:2:1 top-level object must be a mapping", problems.get(0).toString());
    }
}
