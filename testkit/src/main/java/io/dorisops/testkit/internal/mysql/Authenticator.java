package io.dorisops.testkit.internal.mysql;

import java.util.Optional;

/** Looks up the password of a user for a {@link MysqlServer}; an empty result means the user does not exist. */
@FunctionalInterface
public interface Authenticator {

    /**
     * The password of {@code user}; an empty string is a user without a password.
     *
     * @param user the user name the client sent
     * @return the password, or empty when there is no such user
     */
    Optional<String> password(String user);

    /** One user with one password. */
    static Authenticator single(String user, String password) {
        return name -> name.equals(user) ? Optional.of(password) : Optional.empty();
    }
}
