package dev.sigil.deploy;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

/**
 * What a module's pom says its runnable jar is: the file name, the manifest main class, where the manifest's
 * Class-Path expects the dependencies, and where copy-dependencies puts them.
 */
record PomJar(String module, String finalName, String mainClass, String classpathPrefix, String libsDir) {

    static PomJar of(Path repoRoot, String module) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(repoRoot.resolve(module).resolve("pom.xml").toFile());
            Element jar = plugin(pom, "maven-jar-plugin");
            Element deps = plugin(pom, "maven-dependency-plugin");
            String out = text(deps, "outputDirectory");
            String prefix = "${project.build.directory}/";
            if (!out.startsWith(prefix)) {
                throw new IllegalStateException(module + ": copy-dependencies outside target/: " + out);
            }
            // <build><finalName> names the jar (the jar plugin's own finalName is read-only in Maven 3.9).
            return new PomJar(module, text(pom.getDocumentElement(), "finalName"), text(jar, "mainClass"), text(jar, "classpathPrefix"),
                    "target/" + out.substring(prefix.length()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + module + "/pom.xml", e);
        }
    }

    /** The jar Maven writes, relative to the repository root, e.g. {@code service/target/sigil-server.jar}. */
    String builtJar() {
        return module + "/target/" + finalName + ".jar";
    }

    /** The dependency directory Maven fills, relative to the repository root, e.g. {@code service/target/libs}. */
    String builtLibs() {
        return module + "/" + libsDir;
    }

    private static Element plugin(Document pom, String artifactId) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if (artifactId.equals(text(p, "artifactId"))) {
                return p;
            }
        }
        throw new IllegalStateException("no " + artifactId + " in pom");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new IllegalStateException("no <" + tag + "> under <" + parent.getTagName() + ">");
        }
        return nodes.item(0).getTextContent().strip();
    }
}
