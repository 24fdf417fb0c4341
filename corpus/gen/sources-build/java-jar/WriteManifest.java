import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The build step that writes META-INF/MANIFEST.MF the way maven-archiver and bnd do: through
 * java.util.jar.Manifest (which wraps lines at 72 bytes), from the build's own JVM.
 *
 * Usage: WriteManifest OUT ATTRIBUTE=VALUE... [--section=NAME ATTRIBUTE=VALUE...]...
 * In a value, ${now.millis} is the build clock in milliseconds (bnd's Bnd-LastModified),
 * ${host} the build machine's name, and ${PROPERTY} any system property of the running JVM
 * (${user.name} for maven-archiver's Built-By, ${java.specification.version} for
 * Build-Jdk-Spec, ${java.version} for Build-Jdk).
 */
public class WriteManifest {
    public static void main(String[] args) throws IOException {
        Manifest manifest = new Manifest();
        Attributes section = manifest.getMainAttributes();
        section.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--section=")) {
                section = new Attributes();
                manifest.getEntries().put(arg.substring("--section=".length()), section);
                continue;
            }
            int eq = arg.indexOf('=');
            section.putValue(arg.substring(0, eq), expand(arg.substring(eq + 1)));
        }
        try (OutputStream out = new FileOutputStream(args[0])) {
            manifest.write(out);
        }
    }

    static String expand(String value) throws IOException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = value.indexOf("${", at);
            if (start < 0) {
                return out.append(value.substring(at)).toString();
            }
            int end = value.indexOf('}', start);
            out.append(value, at, start);
            String name = value.substring(start + 2, end);
            switch (name) {
                case "now.millis":
                    out.append(System.currentTimeMillis());
                    break;
                case "host":
                    out.append(hostName());
                    break;
                default:
                    out.append(System.getProperty(name));
            }
            at = end + 1;
        }
    }

    /** The host name as Java build tools read it, or the kernel's when it does not resolve. */
    static String hostName() throws IOException {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
    }
}
