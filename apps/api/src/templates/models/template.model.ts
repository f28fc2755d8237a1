import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar';

@ObjectType('TemplateProblem', { description: 'One problem in a template: where (path, and line:column in the YAML) and what' })
export class TemplateProblemModel {
  @Field(() => String, { description: 'e.g. gates[3].requires.approvals[0].role' }) path!: string;
  @Field(() => Int, { nullable: true }) line!: number | null;
  @Field(() => Int, { nullable: true }) column!: number | null;
  @Field(() => String) message!: string;
}

@ObjectType('TemplateValidation')
export class TemplateValidationModel {
  @Field(() => Boolean) valid!: boolean;
  @Field(() => [TemplateProblemModel]) errors!: TemplateProblemModel[];
  @Field(() => [TemplateProblemModel]) warnings!: TemplateProblemModel[];
  @Field(() => String, { nullable: true, description: 'Mermaid stateDiagram-v2 text, when valid' }) diagram!: string | null;
}

@ObjectType('Phase', { description: 'A phase of one template version' })
export class PhaseModel {
  @Field(() => ID, { description: 'Opaque, unique across the API (for normalising caches); the template\'s own identifier is `key`' }) id!: string;
  @Field(() => String, { description: 'The phase id as the template writes it, and as Cluster.phase, Gate.from and Gate.to name it' }) key!: string;
  @Field(() => String) title!: string;
  @Field(() => Boolean) final!: boolean;
  @Field(() => Boolean) initial!: boolean;
  @Field(() => String, { nullable: true, description: 'ISO 8601 duration' }) due!: string | null;
  @Field(() => [String]) milestones!: string[];
}

@ObjectType('Gate', { description: 'A gate of one template version' })
export class GateModel {
  @Field(() => ID, { description: 'Opaque, unique across the API (for normalising caches); the template\'s own identifier is `key`' }) id!: string;
  @Field(() => String, { description: 'The gate id as the template writes it, and as GateReadiness.gate and advance(gate:) name it' }) key!: string;
  @Field(() => [String]) from!: string[];
  @Field(() => String) to!: string;
  @Field(() => String) title!: string;
  @Field(() => JSONScalar) requires!: unknown;
}

@ObjectType('ProgrammeTemplate')
export class ProgrammeTemplateModel {
  @Field(() => ID, { description: 'Opaque, unique across the API: one published version of a template of one agency' }) id!: string;
  @Field(() => String) key!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'In the template\'s default language when it gives titles per language' }) title!: string;
  @Field(() => [String], { description: 'The languages the template gives titles in (ISO 639-1), the default first; empty when it names none' })
  languages!: string[];
  @Field(() => JSONScalar, {
    description: 'Every title in every language the template gives: { "<lang>": { "<path>": "<title>" } }, paths as in problems (title, phases.selection.title, gates[2].title); {} when it names no languages',
  })
  titles!: unknown;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Date) publishedAt!: Date;
  @Field(() => String) publishedBy!: string;
  @Field(() => [PhaseModel]) phases!: PhaseModel[];
  @Field(() => [GateModel]) gates!: GateModel[];
  @Field(() => [String]) roles!: string[];
  @Field(() => [String]) artefactTypes!: string[];
  @Field(() => [String]) indicators!: string[];
  @Field(() => [String]) criteria!: string[];
  @Field(() => JSONScalar, { description: 'The parsed, normalized template' }) definition!: unknown;
  @Field(() => String, { description: 'The YAML as published' }) source!: string;
  @Field(() => String) sha256!: string;
  /** Resolved by TemplatesResolver.diagram. */
  diagram!: string;
  @Field(() => [TemplateProblemModel]) warnings!: TemplateProblemModel[];
}
