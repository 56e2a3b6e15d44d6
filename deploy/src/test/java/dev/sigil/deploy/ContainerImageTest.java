package dev.sigil.deploy;

import dev.sigil.deploy.Dockerfile.Instruction;
import dev.sigil.service.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/container: the image builds the jars the poms describe and runs them the way the server expects. */
class ContainerImageTest {

    private static final Dockerfile DOCKERFILE = Dockerfile.parse(DeployArtifacts.read("container/Dockerfile"));
    private static final PomJar SERVER = PomJar.of(DeployArtifacts.repoRoot(), "service");
    private static final PomJar CLI = PomJar.of(DeployArtifacts.repoRoot(), "cli");

    @Test
    void hasABuildAndARuntimeStage() {
        assertThat(DOCKERFILE.all("FROM")).hasSize(2);
        assertThat(DOCKERFILE.all("FROM").getFirst().args()).contains("jdk").endsWith("AS build");
        assertThat(DOCKERFILE.runtime("FROM").getFirst().args()).contains("jre");
    }

    @Test
    void buildsTheServerWithTheWrapperWithoutTests() {
        String build = DOCKERFILE.all("RUN").stream().filter(i -> i.stage() == 0)
                .map(Instruction::args).collect(Collectors.joining("\n"));

        assertThat(build).contains("./mvnw").contains("-pl service -am package").contains("-DskipTests");
    }

    @Test
    void copiesTheServerJarNextToTheLibsItsManifestNames() {
        String jar = copiedTo(SERVER.builtJar());
        String libs = copiedTo(SERVER.builtLibs() + "/");

        assertThat(jar).isEqualTo("/opt/sigil/" + SERVER.finalName() + ".jar");
        assertThat(stripSlash(libs)).isEqualTo(parent(jar) + "/" + stripSlash(SERVER.classpathPrefix()));
    }

    @Test
    void copiesTheCliJarNextToItsLibsAndPutsSigilOnThePath() {
        String jar = copiedTo(CLI.builtJar());
        String libs = copiedTo(CLI.builtLibs() + "/");

        assertThat(jar).isEqualTo("/opt/sigil/cli/" + CLI.finalName() + ".jar");
        assertThat(stripSlash(libs)).isEqualTo(parent(jar) + "/" + stripSlash(CLI.classpathPrefix()));
        assertThat(DOCKERFILE.runtime("RUN")).anySatisfy(run ->
                assertThat(run.args()).contains("/usr/local/bin/sigil").contains("-jar " + jar));
    }

    @Test
    void entrypointRunsTheServerJar() {
        List<String> entrypoint = DOCKERFILE.runtime("ENTRYPOINT").getLast().execOrWords();

        assertThat(entrypoint.getFirst()).isEqualTo("java");
        int jarFlag = entrypoint.indexOf("-jar");
        assertThat(jarFlag).isPositive();
        assertThat(entrypoint.get(jarFlag + 1)).isEqualTo(copiedTo(SERVER.builtJar()));
    }

    @Test
    void exposesTheListenerPortsTheServerOpens() {
        Set<Integer> exposed = DOCKERFILE.runtime("EXPOSE").stream().flatMap(i -> i.words().stream())
                .map(p -> Integer.parseInt(p.replace("/tcp", ""))).collect(Collectors.toSet());

        assertThat(exposed).isEqualTo(DeployArtifacts.listenerPorts(DeployArtifacts.envSettings(DOCKERFILE.runtimeEnv())));
        assertThat(exposed).contains(8443, 8080, 9090);
    }

    @Test
    void dataDirIsAVolumeOwnedByTheNonRootUser() {
        String dataDir = DOCKERFILE.runtimeEnv().get(ConfigKeys.envName(ConfigKeys.DATA_DIR));
        List<String> volumes = DOCKERFILE.runtime("VOLUME").stream().flatMap(i -> i.execOrWords().stream()).toList();
        String user = DOCKERFILE.runtime("USER").getLast().args();

        assertThat(dataDir).isEqualTo("/var/lib/sigil");
        assertThat(volumes).contains(dataDir);
        assertThat(user).isEqualTo("sigil:sigil");
        assertThat(String.join("\n", DOCKERFILE.runtime("RUN").stream().map(Instruction::args).toList()))
                .containsPattern("install -d -o sigil -g sigil -m 0700 " + Pattern.quote(dataDir));
        assertThat(DOCKERFILE.runtime("WORKDIR").getLast().args()).isEqualTo(dataDir);
    }

    @Test
    void userHasTheFixedUidTheOtherArtifactsUse() {
        assertThat(imageUid()).isEqualTo(10001);
    }

    @Test
    void healthcheckRunsTheShippedScriptOnTheObservePort() throws Exception {
        Instruction healthcheck = DOCKERFILE.runtime("HEALTHCHECK").getLast();
        String script = DeployArtifacts.read("container/healthcheck.sh");
        Matcher port = Pattern.compile("\\$\\{" + ConfigKeys.envName(ConfigKeys.SERVER_OBSERVE_PORT) + ":-(\\d+)}")
                .matcher(script);

        assertThat(healthcheck.args()).contains(copiedTo("deploy/container/healthcheck.sh"));
        assertThat(port.find()).isTrue();
        assertThat(Integer.parseInt(port.group(1)))
                .isEqualTo(DeployArtifacts.port(ConfigKeys.SERVER_OBSERVE_PORT, Map.of()));
        assertThat(script).contains("GET /health ");
    }

    @Test
    void everyBuildContextSourceExistsAndPassesTheDockerignore() {
        List<String> allowed = DeployArtifacts.read("container/Dockerfile.dockerignore").lines()
                .map(String::strip).filter(l -> l.startsWith("!")).map(l -> stripSlash(l.substring(1))).toList();
        List<String> sources = DOCKERFILE.all("COPY").stream().filter(i -> i.flag("from") == null)
                .flatMap(i -> i.operands().subList(0, i.operands().size() - 1).stream()).map(ContainerImageTest::stripSlash)
                .toList();

        assertThat(sources).isNotEmpty().allSatisfy(src -> {
            assertThat(DeployArtifacts.repoRoot().resolve(src)).exists();
            assertThat(allowed).as("dockerignore lets %s through", src)
                    .anySatisfy(a -> assertThat(src.equals(a) || src.startsWith(a + "/")).isTrue());
        });
        // Build output and a developer's data dir (CA keys) never enter the context.
        assertThat(DeployArtifacts.read("container/Dockerfile.dockerignore")).contains("**/target/", "*/data/");
    }

    @Test
    void healthcheckScriptIsExecutable() {
        Path script = DeployArtifacts.moduleDir().resolve("container/healthcheck.sh");

        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(DeployArtifacts.read(script)).startsWith("#!/bin/bash\n");
    }

    /** uid of the image's sigil user, from the useradd in the runtime stage. */
    static int imageUid() {
        String runs = String.join("\n", DOCKERFILE.runtime("RUN").stream().map(Instruction::args).toList());
        Matcher m = Pattern.compile("useradd .*--uid (\\d+)").matcher(runs);
        assertThat(m.find()).as("useradd --uid in the runtime stage").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The image's data dir, for the other artifacts to agree with. */
    static String imageDataDir() {
        return DOCKERFILE.runtimeEnv().get(ConfigKeys.envName(ConfigKeys.DATA_DIR));
    }

    /** Where the runtime stage copies a build-stage path (relative to the build WORKDIR) or a context path. */
    static String copiedTo(String source) {
        String workdir = DOCKERFILE.all("WORKDIR").getFirst().args();
        for (Instruction copy : DOCKERFILE.runtime("COPY")) {
            List<String> ops = copy.operands();
            String from = ops.getFirst();
            String expected = copy.flag("from") != null ? workdir + "/" + source : source;
            if (stripSlash(from).equals(stripSlash(expected))) {
                return ops.getLast();
            }
        }
        throw new AssertionError("the runtime stage copies nothing from " + source);
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
