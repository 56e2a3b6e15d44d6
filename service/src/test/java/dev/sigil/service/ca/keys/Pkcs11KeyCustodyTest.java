package dev.sigil.service.ca.keys;

import dev.sigil.service.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys generated in a real SoftHSM2 token: they sign, come back after reopening, and never leave it. */
class Pkcs11KeyCustodyTest {

    private static SoftHsm.Token token;

    @BeforeAll
    static void token() throws Exception {
        token = SoftHsm.token();
    }

    private static Pkcs11Settings settings(String pin) {
        return new Pkcs11Settings(SoftHsm.LIBRARY, OptionalLong.of(token.slot()), OptionalInt.empty(),
                pin.toCharArray(), "test");
    }

    @Test
    void generatedKeysSignStaySensitiveAndAreFoundAgainByReference() throws Exception {
        Pkcs11KeyCustody custody = Pkcs11KeyCustody.open(settings(SoftHsm.PIN));
        for (KeyType type : new KeyType[]{KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048}) {
            KeyCustody.Generated g = custody.generate("unit-" + type.name().toLowerCase().replace('_', '-'), type);
            assertThat(g.reference()).startsWith("pkcs11:sigil-unit-");
            assertThat(g.signingKey().provider()).isSameAs(custody.provider());
            assertThat(g.signingKey().privateKey().getEncoded()).as("a sensitive key has no encoding").isNull();
            assertThat(g.signingKey().privateKey().toString()).contains("token object", "sensitive", "unextractable");

            // A second custody (a new provider instance, as after a restart) finds it and signs with it.
            SigningKey again = Pkcs11KeyCustody.open(settings(SoftHsm.PIN)).load(g.reference(), type);
            byte[] data = ("sign me " + type).getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(type.signatureAlgorithm(), again.provider());
            s.initSign(again.privateKey());
            s.update(data);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(type.signatureAlgorithm(), type.provider());
            v.initVerify(g.publicKey());
            v.update(data);
            assertThat(v.verify(signature)).as(type + " signature verifies with the generated public key").isTrue();
        }
        String listing = SoftHsm.listObjects(token);
        int privateKeys = listing.split("Private Key Object", -1).length - 1;
        assertThat(privateKeys).isEqualTo(3);
        assertThat(listing.split("never extractable", -1).length - 1).isEqualTo(3);
        assertThat(listing).doesNotContain("Usage:      decrypt").contains("Usage:      sign");
    }

    @Test
    void unsupportedTypesUnknownReferencesAndKeyFilesAreRefusedClearly() {
        Pkcs11KeyCustody custody = Pkcs11KeyCustody.open(settings(SoftHsm.PIN));
        assertThatThrownBy(() -> custody.generate("ed", KeyType.ED25519))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("ED25519").hasMessageContaining("EdDSA");
        assertThatThrownBy(() -> custody.load("pkcs11:sigil-nothing-here", KeyType.EC_P256))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("is not in the PKCS#11 token");
        assertThatThrownBy(() -> custody.load("root-1234.key.pem", KeyType.EC_P256))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("is a key file");
        assertThatThrownBy(() -> new EncryptedFileKeyCustody(Path.of("/nonexistent"), "x".toCharArray())
                .load("pkcs11:sigil-root-1", KeyType.EC_P256))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("sigil.key.custody");
    }

    @Test
    void aMissingModuleOrSlotIsOneLineNamingIt() {
        assertThatThrownBy(() -> Pkcs11KeyCustody.open(new Pkcs11Settings(Path.of("/nonexistent/libp11.so"),
                OptionalLong.empty(), OptionalInt.empty(), "1234".toCharArray(), "test")))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessage("PKCS#11 module /nonexistent/libp11.so does not exist (sigil.key.pkcs11.library)");
        assertThatThrownBy(() -> Pkcs11KeyCustody.open(new Pkcs11Settings(SoftHsm.LIBRARY, OptionalLong.of(987654321L),
                OptionalInt.empty(), "1234".toCharArray(), "test")))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("slot 987654321").hasMessageContaining("CKR_SLOT_ID_INVALID");
    }
}
