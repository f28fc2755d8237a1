import { Field, InputType } from '@nestjs/graphql';

@InputType('PersonInput', { description: 'A person as an agency admin enters them' })
export class PersonInput {
  @Field(() => String, { description: 'The user id their tokens will carry as `sub`' }) userId!: string;
  @Field(() => String, { nullable: true, description: 'The display name; kept when omitted' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'The email address; kept when omitted' }) email?: string | null;
  @Field(() => [String], { description: 'Their roles (built-in and template roles)' }) roles!: string[];
}
