package io.github.swarmdeploy.core.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variable substitution exactly as docker's template package does it, checked against docker stack config 28.2. */
class InterpolationTest {

    private static final Map<String, String> VARIABLES = Map.of("FOO", "first", "BAR", "");

    @TempDir
    Path dir;

    private static Template.Result substitute(String template, List<String> unset) {
        return Template.substitute(template, name -> Optional.ofNullable(VARIABLES.get(name)), unset::add);
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // docker's template_test.go
            "$${foo}|${foo}",
            "foo|foo",
            "This ${missing} var|This  var",
            "This ${BAR} var|This  var",
            "This $FOO var|This first var",
            "This ${FOO} var|This first var",
            "ok ${missing:-def}|ok def",
            "ok ${missing-def}|ok def",
            "ok ${BAR:-def}|ok def",
            "ok ${FOO:-def}|ok first",
            "ok ${BAR-def}|`ok `",
            "ok ${BAR:-/non:-alphanumeric}|ok /non:-alphanumeric",
            "ok ${FOO:?err}|ok first",
            "ok ${FOO?err}|ok first",
            "ok ${BAR?err}|`ok `",
            // quirks, as docker stack config 28.2 printed them
            "$FOO-x y}z|first}z",
            "${A?err} ${FOO}|` first`",
            "$ ${FOO}|` first`",
            "${FOO?x:-y}|y",
            "${missing:-${FOO}}|${FOO}",
            "$$FOO $${FOO}|$FOO ${FOO}",
            "$FOO_BAR/$FOO.x|/first.x",
            "${foo}|``",
            "$1x ${FOO}|1x first",
    })
    void substitutesLikeDocker(String template, String expected) {
        Template.Result result = substitute(template, new ArrayList<>());
        assertEquals(null, result.error());
        assertEquals(expected, result.value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "${|invalid interpolation format in \"${\"; you may need to escape any $ with another $",
            "$}|invalid interpolation format in \"$}\"; you may need to escape any $ with another $",
            "${ foo}|invalid interpolation format in \"${ foo}\"; you may need to escape any $ with another $",
            "${foo!}|invalid interpolation format in \"${foo!}\"; you may need to escape any $ with another $",
            "$ $$|invalid interpolation format in \"$ $$\"; you may need to escape any $ with another $",
            "x ${FOO} $|invalid interpolation format in \"x ${FOO} $\"; you may need to escape any $ with another $",
            "not ok ${UNSET_VAR:?Mandatory Variable Unset}|required variable UNSET_VAR is missing a value: Mandatory Variable Unset",
            "not ok ${BAR:?Mandatory Variable Empty}|required variable BAR is missing a value: Mandatory Variable Empty",
            "not ok ${UNSET_VAR?}|`required variable UNSET_VAR is missing a value: `",
            "${A?err} $$|required variable A is missing a value: err",
    })
    void refusesWhatDockerRefuses(String template, String error) {
        assertEquals(error, substitute(template, new ArrayList<>()).error());
    }

    @Test
    void onlyAVariableWithoutDefaultCountsAsUnset() {
        List<String> unset = new ArrayList<>();
        substitute("${A} $B ${C:-x} ${D-y} ${BAR} ${FOO}", unset);
        assertEquals(List.of("A", "B"), unset);
    }

    @Test
    void valuesAreSubstitutedAndCastWhereDockerCastsThemButKeysNeverAre() {
        Stacks stacks = new Stacks(dir).environment(Map.of("N", "3", "RO", "yes", "TAG", "1.2", "PORT", "8080", "RATIO", "0.5"));
        String yaml = stacks.load("""
                services:
                  web:
                    image: nginx:${TAG}
                    read_only: ${RO}
                    labels:
                      ${TAG}: "$${TAG}"
                    ports:
                      - target: 80
                        published: ${PORT}
                    deploy:
                      replicas: ${N}
                      update_config:
                        max_failure_ratio: ${RATIO}
                """).toYaml();
        assertTrue(yaml.contains("    image: nginx:1.2\n"), yaml);
        assertTrue(yaml.contains("    read_only: true\n"), yaml);
        assertTrue(yaml.contains("      ${TAG}: ${TAG}\n"), yaml);
        assertTrue(yaml.contains("        published: 8080\n"), yaml);
        assertTrue(yaml.contains("      replicas: 3\n"), yaml);
        assertTrue(yaml.contains("        max_failure_ratio: 0.5\n"), yaml);
    }

    @Test
    void aValueThatCannotBeCastOrSubstitutedIsAProblemAtItsPosition() {
        Stacks stacks = new Stacks(dir).environment(Map.of("N", "three", "RO", "maybe"));
        assertEquals(List.of(
                "1.yml:3:12 services.web.image: required variable IMAGE is missing a value: set IMAGE to the image to run",
                "1.yml:4:16 services.web.read_only: \"maybe\" (after interpolating \"${RO}\") is not a boolean (true/false, yes/no, on/off, y/n)",
                "1.yml:6:17 services.web.deploy.replicas: \"three\" (after interpolating \"${N}\") is not an integer",
                "1.yml:7:16 services.web.deploy.labels[0]: invalid interpolation format in \"a=$\"; you may need to escape any $ with another $"),
                stacks.problems("""
                        services:
                          web:
                            image: ${IMAGE:?set IMAGE to the image to run}
                            read_only: ${RO}
                            deploy:
                              replicas: ${N}
                              labels: ["a=$"]
                        """));
    }

    @Test
    void anUnsetVariableIsWarnedAboutOnceWithWhereItIsFirstUsed() {
        Stacks stacks = new Stacks(dir);
        String yaml = stacks.load("""
                services:
                  db:
                    image: postgres
                    healthcheck:
                      test: ["CMD-SHELL", "pg_isready -U ${POSTGRES_USER}"]
                    environment:
                      USER: ${POSTGRES_USER}
                """).toYaml();
        assertEquals(List.of("1.yml:5:27 services.db.healthcheck.test[1]: variable POSTGRES_USER is not set, substituting an empty string"),
                stacks.warnings());
        assertTrue(yaml.contains("        - 'pg_isready -U '\n"), yaml);
    }

    @Test
    void aConfigNameVariableDeployNamesItselfIsNotWarnedAboutAsAnEmptyString() {
        // the pipeline's get-config-versions.py convention: name: ${VAR} left unset on purpose; deploy
        // names the config itself and says so, so "substituting an empty string" would be wrong
        Stacks stacks = new Stacks(dir);
        Fixtures.write(dir, "default.conf", "server {}\n");
        stacks.load("""
                services:
                  web:
                    image: nginx
                    environment:
                      CONF: ${WEB_CONF_PATH}
                configs:
                  web-config:
                    name: ${WEB_CONFIG}
                    file: ./default.conf
                """);
        assertEquals(List.of("1.yml:5:13 services.web.environment.CONF: variable WEB_CONF_PATH is not set, substituting an empty string"),
                stacks.warnings());
    }
}
