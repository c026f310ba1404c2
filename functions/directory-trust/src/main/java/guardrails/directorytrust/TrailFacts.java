package guardrails.directorytrust;

/**
 * A CloudTrail trail that applies to this region (its own, or a multi-region trail of another home region), as
 * DescribeTrails, GetTrailStatus and GetEventSelectors show it.
 *
 * @param logsWriteManagementEvents its selectors include management events that are not read-only: the
 *                                  "AWS API Call via CloudTrail" events G1 and G2 react to
 * @param readable                  its status and selectors could be read (an organization's trail, seen from a
 *                                  member account, may refuse): an unreadable trail is never taken for a missing one
 */
public record TrailFacts(String arn, boolean logging, boolean logsWriteManagementEvents, boolean readable) {

    public boolean delivers() {
        return readable && logging && logsWriteManagementEvents;
    }

    public static TrailFacts unreadable(String arn) {
        return new TrailFacts(arn, false, false, false);
    }
}
