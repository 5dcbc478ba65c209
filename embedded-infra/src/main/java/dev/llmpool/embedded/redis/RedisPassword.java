package dev.llmpool.embedded.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The password of a persistent embedded Redis: 32 random bytes, generated into {@value #FILE} in its data directory on
 * the first start (readable by its owner only where the file system has POSIX permissions) and read from there on
 * every start after, so each process of the pool on this machine can find it.
 */
public final class RedisPassword {

    public static final String FILE = "redis.password";

    private RedisPassword() {
    }

    /** The password kept in {@code dataDir}, generated first when there is none. */
    public static String ensure(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return read(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return password;
        }
        return read(file);
    }

    /** The password kept in {@code dataDir}, or null when there is none. */
    public static String find(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            return Files.exists(file) ? read(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException("The Redis password file " + file + " is empty; delete it to have one generated");
        }
        return password;
    }
}
