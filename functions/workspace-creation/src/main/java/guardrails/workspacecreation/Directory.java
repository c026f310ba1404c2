package guardrails.workspacecreation;

import guardrails.shared.directory.Trust;
import java.util.List;
import java.util.Locale;
import java.util.Optional;


/**
 * A directory registered with WorkSpaces: its own domain (DNS and NetBIOS names) and its trusts.
 */
public record Directory(String directoryId, String dnsName, String shortName, List<Trust> trusts) {

    public Directory {
        trusts = List.copyOf(trusts);
    }

    public boolean isOwnDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return d.equalsIgnoreCase(dnsName) || (shortName != null && d.equalsIgnoreCase(shortName));
    }

    public Optional<Trust> trustFor(String domain) {
        return trusts.stream().filter(trust -> trust.covers(domain)).findFirst();
    }
}
