package guardrails.defenderdefinitions;

import java.time.Instant;

/**
 * One managed node's Custom:DefenderStatus inventory item, as the collection script writes it (Get-MpComputerStatus).
 *
 * @param signatureAgeDays AntivirusSignatureAge when collected
 * @param collectedAt      when the script ran (CollectedAt, else the inventory's CaptureTime)
 */
public record DefenderStatus(String nodeId, String computerName, String ipAddress, int signatureAgeDays,
                             String signatureLastUpdated, String signatureVersion, boolean antivirusEnabled,
                             boolean realTimeProtectionEnabled, boolean amServiceEnabled, Instant collectedAt) {
}
