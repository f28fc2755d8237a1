import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Person', { description: 'A person of the agency: learned from the tokens they sign in with, or entered by an agency admin' })
export class PersonModel {
  @Field(() => String, { description: 'The user id (the token\'s `sub`)' }) userId!: string;
  @Field(() => String, { nullable: true, description: 'The display name' }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'The email address (the claim JWT_EMAIL_CLAIM names)' }) email!: string | null;
  @Field(() => [String], { description: 'The roles of their latest token, or as an admin entered them' }) roles!: string[];
  @Field(() => Date, { nullable: true, description: 'When they last signed in (to within a few minutes); null until they have' }) lastSeenAt!: Date | null;
}
