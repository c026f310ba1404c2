package guardrails.directorytrust;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the trust rules need to know about a trust's directory. The WorkSpaces list is fetched only when a finding
 * names it (one paged call), so a healthy sweep does not pay for it.
 *
 * @param forwarders remote domains the directory has a conditional forwarder for, lower case
 * @param exempt     the directory is tagged guardrails:exempt = true
 */
public record DirectoryFacts(String directoryId, String name, boolean registeredWithWorkSpaces, Set<String> forwarders,
                             boolean exempt, Supplier<List<WorkspaceUser>> workspaces) {

    public boolean forwardsTo(String domain) {
        return forwarders.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** A WorkSpace of the directory and its user name as WorkSpaces shows it. */
    public record WorkspaceUser(String workspaceId, String userName) {

        /** True when the name is qualified with the domain: DOMAIN\\user (NetBIOS = first label) or user@domain. */
        public boolean qualifiedWith(String domain) {
            String name = userName.toLowerCase(Locale.ROOT);
            String dns = domain.toLowerCase(Locale.ROOT);
            String netbios = dns.contains(".") ? dns.substring(0, dns.indexOf('.')) : dns;
            return name.endsWith("@" + dns) || name.startsWith(dns + "\\") || name.startsWith(netbios + "\\");
        }
    }
}
