package guardrails.workspacecreation;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;


/** G1's decisions, one field scenario at a time. */
class WorkspaceCreationRulesTest {

    static final Trust ONE_WAY = new Trust("t-1", "onprem.example.net", TrustDirection.ONE_WAY_OUTGOING, "Verified", "");
    static final Trust TWO_WAY = new Trust("t-2", "onprem.example.net", TrustDirection.TWO_WAY, "Verified", "");

    static Directory directory(Trust... trusts) {
        return new Directory("d-1234567890", "managed.example.net", "MANAGED", List.of(trusts));
    }

    static Workspace ws(String id, String user, String bundle) {
        return new Workspace(id, "d-1234567890", user, bundle, "PENDING", Platform.UNKNOWN);
    }

    static CreationFacts facts(Directory dir, Workspace ws, Platform platform, UserOrigin origin,
                               List<FailedRequest> failed) {
        return new CreationFacts(List.of(ws), Map.of(dir.directoryId(), dir), Map.of(ws.workspaceId(), platform),
                Map.of(ws.workspaceId(), origin), List.of(new Bundle("wsb-win", "Standard with Windows 10", "AMAZON",
                Platform.WINDOWS)), failed);
    }

    @Nested
    class WhoTheUserIs {
        @Test
        void netbiosQualifiedNameOfTrustedDomainIsEvidenceOfTrustedUser() {
            UserOrigin origin = WorkspaceCreationRules.originFromName("ONPREM\\test-1", directory(ONE_WAY)).orElseThrow();
            assertTrue(origin.trusted());
            assertEquals("onprem.example.net", origin.domain(), "NetBIOS name resolved to the trust's DNS name");
            assertTrue(origin.evidence().contains("qualified with the domain ONPREM"), origin.evidence());
        }

        @Test
        void upnQualifiedNameOfTrustedDomainIsEvidenceOfTrustedUser() {
            UserOrigin origin = WorkspaceCreationRules.originFromName("test-2@OnPrem.Example.net", directory(ONE_WAY))
                    .orElseThrow();
            assertTrue(origin.trusted());
            assertEquals("onprem.example.net", origin.domain());
        }

        @Test
        void nameQualifiedWithTheDirectorysOwnDomainIsADirectoryUser() {
            assertEquals(UserOrigin.Kind.DIRECTORY, WorkspaceCreationRules.originFromName("MANAGED\\admin-1",
                    directory(ONE_WAY)).orElseThrow().kind());
            assertEquals(UserOrigin.Kind.DIRECTORY, WorkspaceCreationRules.originFromName("admin-1@managed.example.net",
                    directory(ONE_WAY)).orElseThrow().kind());
        }

        @Test
        void bareNameNeedsALookUp() {
            assertTrue(WorkspaceCreationRules.originFromName("test-1", directory(ONE_WAY)).isEmpty());
            assertTrue(WorkspaceCreationRules.originFromName("trailing@", directory(ONE_WAY)).isEmpty());
        }

        @Test
        void qualifiedNameOfAnUntrustedDomainKeepsTheDomainAsWritten() {
            UserOrigin origin = WorkspaceCreationRules.originFromName("OTHER\\x", directory(ONE_WAY)).orElseThrow();
            assertTrue(origin.trusted());
            assertEquals("OTHER", origin.domain());
        }

        @Test
        void lookUpsOnlyForNonWindowsWorkSpacesInDirectoriesWithTrusts() {
            assertTrue(WorkspaceCreationRules.needsIdentityLookup(Platform.NON_WINDOWS, directory(ONE_WAY)));
            assertTrue(WorkspaceCreationRules.needsIdentityLookup(Platform.UNKNOWN, directory(ONE_WAY)));
            assertFalse(WorkspaceCreationRules.needsIdentityLookup(Platform.WINDOWS, directory(ONE_WAY)));
            assertFalse(WorkspaceCreationRules.needsIdentityLookup(Platform.NON_WINDOWS, directory()));
        }

        static final UserLookup.RealmAnswer ABSENT = new UserLookup.Absent();

        static UserLookup lookup(UserLookup.RealmAnswer own, UserLookup.RealmAnswer onprem) {
            return new UserLookup(own, Map.of("onprem.example.net", onprem));
        }

        static UserOrigin origin(UserLookup lookup) {
            return WorkspaceCreationRules.originFromLookup("test-1", directory(TWO_WAY), lookup);
        }

        @Test
        void foundOnlyInTheTrustedRealmIsATrustedUser() {
            UserOrigin found = origin(lookup(ABSENT, new UserLookup.Account(true, "onprem.example.net")));
            assertTrue(found.trusted());
            assertEquals("onprem.example.net", found.domain());
            assertTrue(found.evidence().contains("Directory Service Data API found test-1 in the trusted realm"
                    + " onprem.example.net and found no enabled account test-1 in the directory's own domain"),
                    found.evidence());
        }

        @Test
        void disabledShadowAccountWithTheTrustedSuffixIsEvidenceFor() {
            UserOrigin found = origin(lookup(new UserLookup.Account(false, "onprem.example.net"),
                    new UserLookup.Account(true, "onprem.example.net")));
            assertTrue(found.trusted());
            assertTrue(found.evidence().contains("disabled account test-1") && found.evidence().contains(
                    "@onprem.example.net (the shadow account WorkSpaces creates for a trusted-domain user)"),
                    found.evidence());
        }

        @Test
        void enabledAccountInTheOwnDomainIsTheDirectorysUser() {
            UserOrigin own = origin(lookup(new UserLookup.Account(true, "managed.example.net"), ABSENT));
            assertEquals(UserOrigin.Kind.DIRECTORY, own.kind());
            assertTrue(own.evidence().contains("enabled in the directory's own domain"), own.evidence());
        }

        @Test
        void enabledAccountOnBothSidesIsAmbiguousAndSaysHowToSettleIt() {
            UserOrigin both = origin(lookup(new UserLookup.Account(true, "managed.example.net"),
                    new UserLookup.Account(true, "onprem.example.net")));
            assertEquals(UserOrigin.Kind.AMBIGUOUS, both.kind());
            assertEquals("onprem.example.net", both.domain());
            assertTrue(both.remedy().contains("test-1@onprem.example.net"), both.remedy());
        }

        @Test
        void shadowWithoutTheTrustedAccountIsNotProof() {
            UserOrigin shadowOnly = origin(lookup(new UserLookup.Account(false, "onprem.example.net"), ABSENT));
            assertEquals(UserOrigin.Kind.NOT_CHECKABLE, shadowOnly.kind());
        }

        @Test
        void disabledAccountWithAnotherSuffixIsNoShadow() {
            assertEquals(UserOrigin.Kind.DIRECTORY,
                    origin(lookup(new UserLookup.Account(false, "elsewhere.example.com"), ABSENT)).kind());
        }

        @Test
        void foundNowhereIsNotATrustedUser() {
            assertEquals(UserOrigin.Kind.DIRECTORY, origin(lookup(ABSENT, ABSENT)).kind());
        }

        @Test
        void dataApiOffAnywhereMeansItCannotBeDecided() {
            assertEquals(UserOrigin.Kind.DATA_API_OFF,
                    origin(new UserLookup(new UserLookup.DataApiDisabled(), Map.of())).kind());
        }

        /** Every lasting refusal DescribeUser declares (ds-data/2023-05-31/service-2.json) is a decided outcome. */
        @Test
        void everyLastingRefusalIsNotCheckableWithItsOwnRemedy() {
            Map<String, String> expected = Map.of(
                    "AccessDeniedException/IAM_AUTH", "ds:AccessDSData",
                    "AccessDeniedException/DIRECTORY_AUTH", "describe-directory-data-access",
                    "ValidationException/INVALID_REALM", "Two-Way and Verified",
                    "DirectoryUnavailableException/TRUST_AUTH_FAILURE", "aws ds verify-trust",
                    "DirectoryUnavailableException/INVALID_DIRECTORY_STATE", "is not Active",
                    "DirectoryUnavailableException/NO_DISK_SPACE", "out of space",
                    "DirectoryUnavailableException/DIRECTORY_TIMEOUT", "overloaded",
                    "ValidationException/INVALID_ATTRIBUTE_VALUE", "Read the error above");
            expected.forEach((refusal, remedy) -> {
                String[] parts = refusal.split("/");
                UserOrigin origin = origin(lookup(ABSENT, new UserLookup.Refused("onprem.example.net", parts[0],
                        parts[1])));
                assertEquals(UserOrigin.Kind.NOT_CHECKABLE, origin.kind(), refusal);
                assertTrue(origin.evidence().contains(parts[0] + " (" + parts[1] + ")"), origin.evidence());
                assertTrue(origin.remedy().contains(remedy), refusal + ": " + origin.remedy());
            });
        }

        @Test
        void ambiguityIsReportedEvenWhenAnotherRealmRefused() {
            Directory dir = directory(TWO_WAY, new Trust("t-3", "other.example.org", TrustDirection.TWO_WAY,
                    "Verified", ""));
            UserLookup lookup = new UserLookup(new UserLookup.Account(true, "managed.example.net"), Map.of(
                    "onprem.example.net", new UserLookup.Account(true, "onprem.example.net"),
                    "other.example.org", new UserLookup.Refused("other.example.org", "ValidationException",
                            "INVALID_REALM")));
            assertEquals(UserOrigin.Kind.AMBIGUOUS,
                    WorkspaceCreationRules.originFromLookup("test-1", dir, lookup).kind());
        }

        @Test
        void onlySamAccountNamesAreLookedUp() {
            assertTrue(WorkspaceCreationRules.isSamAccountName("test-1"));
            assertTrue(WorkspaceCreationRules.isSamAccountName("a.b_c-d"));
            assertFalse(WorkspaceCreationRules.isSamAccountName("twenty-one-characters"));
            assertFalse(WorkspaceCreationRules.isSamAccountName("has space"));
            assertFalse(WorkspaceCreationRules.isSamAccountName(""));
            assertEquals(UserOrigin.Kind.NOT_CHECKABLE, WorkspaceCreationRules.unaskableName("x y").kind());
        }
    }

    @Nested
    class WhatIsWrong {
        @Test
        void trustedDomainUserOnLinuxBundleIsTerminatedAndTheOneWayTrustReported() {
            Directory dir = directory(ONE_WAY);
            Workspace linux = ws("ws-linux0001", "test-1", "wsb-al2");
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(dir, linux, Platform.NON_WINDOWS,
                    UserOrigin.trusted("onprem.example.net", "the Directory Service Data API found test-1"), List.of()));

            assertEquals(2, verdicts.size(), verdicts.toString());
            Verdict terminate = verdicts.get(0);
            assertEquals("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", terminate.finding().rule());
            assertEquals(Severity.CRITICAL, terminate.finding().severity());
            assertEquals("ws-linux0001", terminate.terminateWorkspaceId());
            assertTrue(terminate.finding().operatorAction().contains("wsb-win (Standard with Windows 10)"),
                    "names the Windows bundles to use instead");
            assertTrue(terminate.finding().seen().contains("Evidence: the Directory Service Data API found test-1"));
            assertTrue(terminate.finding().whyItMatters().contains("PcoipSessionProvisionUnknownError"));

            Finding trust = verdicts.get(1).finding();
            assertEquals("USERS_ON_ONE_WAY_TRUST", trust.rule());
            assertEquals("t-1", trust.resourceId());
            assertNull(verdicts.get(1).terminateWorkspaceId(), "a trust is never changed automatically");
            assertEquals(List.of("aws ds delete-trust --trust-id t-1", "aws ds create-trust --directory-id d-1234567890"
                    + " --remote-domain-name onprem.example.net --trust-direction Two-Way --trust-type Forest"
                    + " --trust-password '<the trust password>' --conditional-forwarder-ip-addrs"
                    + " '<a DNS server of onprem.example.net>'"), trust.commands());
            assertTrue(trust.operatorAction().contains("delete trust t-1 on both sides"));
        }

        @Test
        void trustedDomainUserOnWindowsWithTwoWayVerifiedTrustIsFine() {
            assertTrue(WorkspaceCreationRules.evaluate(facts(directory(TWO_WAY), ws("ws-w", "test-1", "wsb-win"),
                    Platform.WINDOWS, UserOrigin.trusted("onprem.example.net", "name"), List.of())).isEmpty());
        }

        @Test
        void trustedDomainUserOnWindowsWithOneWayTrustGetsOnlyTheTrustAlert() {
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(directory(ONE_WAY),
                    ws("ws-w", "ONPREM\\test-1", "wsb-win"), Platform.WINDOWS,
                    UserOrigin.trusted("onprem.example.net", "name"), List.of()));
            assertEquals(List.of("USERS_ON_ONE_WAY_TRUST"), verdicts.stream().map(v -> v.finding().rule()).toList());
        }

        @Test
        void trustStillCreatingIsAWarningAndAFailedTrustIsCritical() {
            Trust creating = new Trust("t-3", "onprem.example.net", TrustDirection.TWO_WAY, "Creating", "");
            Trust failed = new Trust("t-4", "onprem.example.net", TrustDirection.TWO_WAY, "VerifyFailed",
                    "The remote domain could not be contacted");
            Finding warning = WorkspaceCreationRules.evaluate(facts(directory(creating), ws("ws-w", "u", "b"),
                    Platform.WINDOWS, UserOrigin.trusted("onprem.example.net", "e"), List.of())).get(0).finding();
            Finding critical = WorkspaceCreationRules.evaluate(facts(directory(failed), ws("ws-w", "u", "b"),
                    Platform.WINDOWS, UserOrigin.trusted("onprem.example.net", "e"), List.of())).get(0).finding();
            assertEquals(Severity.WARNING, warning.severity());
            assertEquals(Severity.CRITICAL, critical.severity());
            assertTrue(critical.seen().contains("The remote domain could not be contacted"), "carries TrustStateReason");
        }

        @Test
        void qualifiedUserOfADomainWithNoTrustIsCritical() {
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(directory(), ws("ws-w", "OTHER\\x", "b"),
                    Platform.WINDOWS, UserOrigin.trusted("OTHER", "name"), List.of()));
            assertEquals("NO_TRUST_FOR_USER_DOMAIN", verdicts.get(0).finding().rule());
            assertEquals("d-1234567890/other", verdicts.get(0).finding().resourceId());
        }

        @Test
        void unknownPlatformForTrustedUserWarnsButTerminatesNothing() {
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(directory(TWO_WAY), ws("ws-u", "t", "b"),
                    Platform.UNKNOWN, UserOrigin.trusted("onprem.example.net", "e"), List.of()));
            assertEquals("TRUSTED_USER_PLATFORM_UNKNOWN", verdicts.get(0).finding().rule());
            assertNull(verdicts.get(0).terminateWorkspaceId());
        }

        @Test
        void dataApiDisabledIsOneWarningPerDirectoryWithHowToEnableIt() {
            Directory dir = directory(TWO_WAY);
            Workspace a = ws("ws-a", "u1", "b");
            Workspace b = ws("ws-b", "u2", "b");
            UserOrigin unknown = UserOrigin.dataApiOff("off");
            CreationFacts facts = new CreationFacts(List.of(a, b), Map.of(dir.directoryId(), dir),
                    Map.of("ws-a", Platform.NON_WINDOWS, "ws-b", Platform.NON_WINDOWS),
                    Map.of("ws-a", unknown, "ws-b", unknown), List.of(), List.of());
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts);
            assertEquals(1, verdicts.size());
            Finding finding = verdicts.get(0).finding();
            assertEquals("DATA_API_NOT_ENABLED", finding.rule());
            assertEquals(Severity.WARNING, finding.severity());
            assertEquals(List.of("aws ds enable-directory-data-access --directory-id d-1234567890"), finding.commands());
            assertEquals(List.of("ws-a", "ws-b"), finding.related());
        }

        @Test
        void ambiguousUserIsAWarningAndNothingIsTerminated() {
            UserOrigin both = UserOrigin.ambiguous("onprem.example.net", "found on both sides", "settle it");
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(directory(TWO_WAY),
                    ws("ws-amb", "test-1", "wsb-al2"), Platform.NON_WINDOWS, both, List.of()));
            assertEquals(1, verdicts.size(), verdicts.toString());
            assertEquals("AMBIGUOUS_USER_IDENTITY", verdicts.get(0).finding().rule());
            assertEquals(Severity.WARNING, verdicts.get(0).finding().severity());
            assertNull(verdicts.get(0).terminateWorkspaceId());
            assertEquals("settle it", verdicts.get(0).finding().operatorAction());
        }

        @Test
        void userThatCouldNotBeCheckedIsAWarningPerWorkSpace() {
            UserOrigin refused = UserOrigin.notCheckable("the Data API refused", "verify the trust");
            List<Verdict> verdicts = WorkspaceCreationRules.evaluate(facts(directory(TWO_WAY),
                    ws("ws-nc", "test-1", "wsb-al2"), Platform.NON_WINDOWS, refused, List.of()));
            assertEquals(1, verdicts.size(), verdicts.toString());
            assertEquals("USER_IDENTITY_NOT_CHECKED", verdicts.get(0).finding().rule());
            assertEquals("ws-nc", verdicts.get(0).finding().resourceId());
            assertNull(verdicts.get(0).terminateWorkspaceId());
            assertTrue(verdicts.get(0).finding().seen().contains("the Data API refused"));
        }

        @Test
        void directoryUserAndUncheckedUserRaiseNothing() {
            assertTrue(WorkspaceCreationRules.evaluate(facts(directory(ONE_WAY), ws("ws-d", "admin", "b"),
                    Platform.NON_WINDOWS, UserOrigin.directory("not found in trusted realms"), List.of())).isEmpty());
            assertTrue(WorkspaceCreationRules.evaluate(facts(directory(ONE_WAY), ws("ws-d", "admin", "b"),
                    Platform.WINDOWS, UserOrigin.notChecked("windows"), List.of())).isEmpty());
        }

        @Test
        void userNotFoundWithAOneWayTrustPointsAtTheTrust() {
            FailedRequest failed = new FailedRequest("d-1234567890", "ONPREM\\test-3", "wsb-al2",
                    "ResourceNotFound.User", "The specified user could not be found in the directory.");
            Finding finding = WorkspaceCreationRules.failedRequest(failed, directory(ONE_WAY));
            assertEquals("CREATE_REQUEST_FAILED", finding.rule());
            assertTrue(finding.seen().contains("ResourceNotFound.User"));
            assertTrue(finding.operatorAction().startsWith("Likely cause: the user is from onprem.example.net, which"
                    + " the directory trusts only One-Way: Outgoing"), finding.operatorAction());
        }

        @Test
        void userNotFoundWithoutTrustsSaysCheckTheName() {
            FailedRequest failed = new FailedRequest("d-1234567890", "nobody", "wsb-al2", "ResourceNotFound.User",
                    "The specified user could not be found in the directory.");
            assertTrue(WorkspaceCreationRules.failedRequest(failed, directory(TWO_WAY)).operatorAction()
                    .contains("the user was not found in the directory"));
        }

        @Test
        void unknownDirectoryAndOtherErrorsGetTheirOwnCause() {
            assertTrue(WorkspaceCreationRules.likelyCause(new FailedRequest("d-0000000000", "u", "b",
                    "ResourceNotFound.Directory", "The specified directory could not be found"), null)
                    .contains("not registered with WorkSpaces"));
            assertTrue(WorkspaceCreationRules.likelyCause(new FailedRequest("d-0000000000", "u", "b",
                    "InvalidParameterValuesException", "bundle wsb-x does not exist"), null).contains("bundle"));
            assertTrue(WorkspaceCreationRules.likelyCause(new FailedRequest(null, null, null, null, null), null)
                    .startsWith("Read the error"));
        }
    }

    @Test
    void platformsFromEveryClue() {
        assertEquals(Platform.WINDOWS, Platform.fromOperatingSystemName("WINDOWS_SERVER_2022"));
        assertEquals(Platform.NON_WINDOWS, Platform.fromOperatingSystemName("AMAZON_LINUX_2"));
        assertEquals(Platform.UNKNOWN, Platform.fromOperatingSystemName("UNKNOWN"));
        assertEquals(Platform.NON_WINDOWS, Platform.fromBundleText("Value with Ubuntu 22.04"));
        assertEquals(Platform.WINDOWS, Platform.fromBundleText("Standard with Windows 10 (Server 2019 based)"));
        assertEquals(Platform.UNKNOWN, Platform.fromBundleText("golden-image-v7"));
        assertEquals(Platform.NON_WINDOWS, Platform.fromImageType("LINUX"));
        assertEquals(TrustDirection.ONE_WAY_INCOMING, TrustDirection.parse("One-Way: Incoming"));
        assertEquals(TrustDirection.UNKNOWN, TrustDirection.parse("sideways"));
    }
}
