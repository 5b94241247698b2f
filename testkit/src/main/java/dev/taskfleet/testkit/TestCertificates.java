package dev.taskfleet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run and the broker certificate it signs, for
 * {@code localhost} and {@code 127.0.0.1}, valid for a day: nothing is checked in, nothing
 * expires between runs. Clients trust {@link #caPem()} the way the services trust a cluster's CA
 * (a PEM trust store); the broker serves {@link #brokerKeyStore()} (PKCS12).
 *
 * @param caPem                the CA certificate, PEM
 * @param brokerKeyStore       the broker's key and certificate chain, PKCS12
 * @param brokerKeyStorePassword that key store's password (and its key's)
 */
public record TestCertificates(Path caPem, Path brokerKeyStore, String brokerKeyStorePassword) {

    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    /** Makes the CA and the broker certificate and writes them to {@code dir}. */
    public static TestCertificates create(Path dir) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPair caKeys = keyPair(random);
            X500Name caName = new X500Name("CN=taskfleet test CA");
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(random), notBefore(), notAfter(),
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    caKeys);

            KeyPair brokerKeys = keyPair(random);
            X509Certificate broker = sign(new JcaX509v3CertificateBuilder(caName, serial(random), notBefore(),
                    notAfter(), new X500Name("CN=localhost"), brokerKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")})),
                    caKeys);

            Files.createDirectories(dir);
            Path caPem = dir.resolve("ca.pem");
            Files.writeString(caPem, pem(ca));
            String password = new BigInteger(80, random).toString(36);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("broker", brokerKeys.getPrivate(), password.toCharArray(), new Certificate[] {broker, ca});
            Path keyStore = dir.resolve("broker.p12");
            try (OutputStream out = Files.newOutputStream(keyStore)) {
                store.store(out, password.toCharArray());
            }
            return new TestCertificates(caPem, keyStore, password);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not make the test certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the test certificates to " + dir, e);
        }
    }

    private static KeyPair keyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, random);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        // A little in the past: clocks of the test JVM and the broker's checks are the same, but be kind to rounding.
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }
}
