using JournalGateway.Core.Access;
using static JournalGateway.Core.Tests.Access.AccessScenario;

namespace JournalGateway.Core.Tests.Access;

public sealed class AccessPolicyCheckRequestTests
{
    [Fact]
    public void CheckRequest_TreatWithRelationship_Permits()
    {
        var decision = AccessPolicy.CheckRequest(RegionReader, AccessPurpose.Treat);

        Assert.True(decision.IsPermitted);
        Assert.Equal(AccessReason.RequestAllowed, decision.Reason);
        Assert.False(decision.MayNameProvider);
    }

    [Fact]
    public void CheckRequest_WithoutRelationshipHeader_Denies()
    {
        var decision = AccessPolicy.CheckRequest(RegionReader with { RelationshipAsserted = false }, AccessPurpose.Treat);

        Assert.Equal(AccessEffect.Deny, decision.Effect);
        Assert.Equal(AccessReason.RelationshipNotAsserted, decision.Reason);
    }

    [Fact]
    public void CheckRequest_EmergencyByVardgivareWithReason_PermitsAndMayNameProvider()
    {
        var decision = AccessPolicy.CheckRequest(RegionReader, AccessPurpose.Emergency("Medvetslös"));

        Assert.True(decision.IsPermitted);
        Assert.True(decision.MayNameProvider);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t")]
    public void CheckRequest_EmergencyWithoutReason_Denies(string? reason)
    {
        var decision = AccessPolicy.CheckRequest(RegionReader, AccessPurpose.Emergency(reason));

        Assert.Equal(AccessEffect.Deny, decision.Effect);
        Assert.Equal(AccessReason.EmergencyReasonMissing, decision.Reason);
    }

    [Fact]
    public void CheckRequest_EmergencyByOmsorgsgivare_DeniesEvenWithReason()
    {
        var decision = AccessPolicy.CheckRequest(CareGiverReader, AccessPurpose.Emergency("Akut försämring"));

        Assert.Equal(AccessEffect.Deny, decision.Effect);
        Assert.Equal(AccessReason.EmergencyNotAllowedForProviderKind, decision.Reason);
    }

    [Fact]
    public void CheckRequest_TreatByOmsorgsgivare_Permits()
    {
        Assert.True(AccessPolicy.CheckRequest(CareGiverReader, AccessPurpose.Treat).IsPermitted);
    }

    [Fact]
    public void CheckRequest_EmergencyWithoutRelationship_DeniesForTheMissingRelationshipFirst()
    {
        var decision = AccessPolicy.CheckRequest(RegionReader with { RelationshipAsserted = false }, AccessPurpose.Emergency("Medvetslös"));

        Assert.Equal(AccessReason.RelationshipNotAsserted, decision.Reason);
    }

    [Fact]
    public void Decide_DeniedByBlock_NamesTheBlockingDirective()
    {
        var block = Block(CustodianKind.CareProvider, Vasteras);

        var decision = AccessPolicy.Decide(Request(directives: [Consent(ReaderKind.CareProvider, Region), block]));

        Assert.Equal(block.Id, decision.DirectiveId);
    }

    [Fact]
    public void Decide_PermittedByConsent_NamesTheConsent()
    {
        var consent = Consent(ReaderKind.User, RegionUser);

        var decision = AccessPolicy.Decide(Request(directives: [consent]));

        Assert.Equal(consent.Id, decision.DirectiveId);
    }
}
