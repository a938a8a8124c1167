import { service } from '../../support/service';
import { analyzeDocument } from '../../../server/src/service/hosts/api';
const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: 2012-10-17
        Id: key-consolepolicy-3
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: '*'
          - Sid: Allow access for Key Administrators
            Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:HealthLakeFullAccessRole
            Action:
              - kms:Create*
              - kms:Describe*
            Resource: '*'
            Condition:
              StringEquals:
                kms:CallerAccount: !Ref AWS::AccountId
                kms:ViaService: healthlake.amazonaws.com
`;
const s = service();
const a = analyzeDocument(s, { uri: 'file:///t/template.yaml', text });
for (const f of a?.findings ?? []) {
  console.log(f.ruleId, f.severity, JSON.stringify(text.slice(f.offset, f.offset + f.length)), f.message.slice(0, 120));
  for (const fx of f.data?.fixes ?? []) console.log('   fix', fx.title, JSON.stringify(fx.edits));
}
console.log(a?.sites.map(s => [s.site.name, s.variants[0]?.text]));
