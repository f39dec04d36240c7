import { TextAreaField } from "~/components/form";
import { MAX_ANSWER_LENGTH, offerFields } from "~/domain/offers/offer-content";
import { formatNumber } from "~/utils/format";
import { SaveButton, Section, typedValue, type Failure, type Workspace } from "./shared";

/** The answer to every quality criterion (award criterion of kind quality). */
export function CriteriaSection({ workspace, failed }: { workspace: Workspace; failed: Failure }) {
  const answers = new Map(workspace.draft.answers.map((answer) => [answer.criterionId, answer.text]));
  return (
    <Section
      id="gunningscriteria-titel"
      title="Gunningscriteria"
      intro={`Beantwoord elk kwaliteitscriterium; de beoordelaars scoren uw antwoord. Hoogstens ${formatNumber(MAX_ANSWER_LENGTH)} tekens per antwoord. Een bijlage bij een antwoord voegt u toe onder Bijlagen.`}
    >
      {workspace.criteria.length === 0 ? <p>Deze aanbesteding heeft geen kwaliteitscriteria.</p> : null}
      {workspace.criteria.map((criterion) => (
        <TextAreaField
          key={criterion.id}
          name={offerFields.answer(criterion.id)}
          label={`${criterion.name} (weging ${criterion.weight})`}
          hint={criterion.description || undefined}
          rows={8}
          maxLength={MAX_ANSWER_LENGTH}
          defaultValue={typedValue(failed, offerFields.answer(criterion.id), answers.get(criterion.id) ?? "")}
          errors={failed?.errors}
        />
      ))}
      <SaveButton />
    </Section>
  );
}
