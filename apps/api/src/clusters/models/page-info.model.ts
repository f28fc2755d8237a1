import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('PageInfo', { description: 'Relay page information' })
export class PageInfoModel {
  @Field(() => Boolean, { description: 'True when there are more items after this page' }) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'True when there are items before this page' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first item; null on an empty page' }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last item, for `after`; null on an empty page' }) endCursor!: string | null;
}
