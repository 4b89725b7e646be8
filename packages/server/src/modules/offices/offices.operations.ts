import { OfficeLevelSchema, OfficeNameSchema, type Office } from '@zhengming/contracts';
import { z } from 'zod';
import type { Actor } from '../../access/actor.js';
import { AppError } from '../../errors.js';
import { auditOperator, defineOperation, OfficeRefParam, type OpsContext } from '../../ops/define-operation.js';
import { OfficeService } from './offices.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function officeService(ctx: OpsContext): OfficeService {
  return new OfficeService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit });
}

/** An office named by id or by name (a name held by two offices must be given as id). */
export async function findOfficeOrThrow(ctx: OpsContext, actor: Actor, nameOrId: string): Promise<Office> {
  const offices = officeService(ctx);
  const office = UUID.test(nameOrId)
    ? ((await offices.listOffices(actor)).find((o) => o.id === nameOrId.toLowerCase()) ?? null)
    : await offices.findOfficeByName(nameOrId);
  if (office === null) {
    throw new AppError('NOT_FOUND', `office ${nameOrId} not found`, { userMessage: `机关 ${nameOrId} 不存在。` });
  }
  return office;
}

/** `zhengming office list | add`. */
export const OFFICE_OPERATIONS = {
  'office.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ offices: Office[] }> => {
    const offices = await officeService(ctx).listOffices(actor);
    await auditOperator(ctx, actor, 'operator.read', { command: 'office list' });
    return { offices };
  }),
  'office.add': defineOperation(
    z.object({ name: OfficeNameSchema, level: OfficeLevelSchema, parent: OfficeRefParam.optional() }),
    async (ctx, actor, params): Promise<{ office: Office }> => {
      const offices = officeService(ctx);
      if (params.parent === undefined) {
        return { office: await offices.createRootOffice(actor, { name: params.name, level: params.level }) };
      }
      const parent = await findOfficeOrThrow(ctx, actor, params.parent);
      return {
        office: await offices.createOffice(actor, { parentId: parent.id, name: params.name, level: params.level }),
      };
    },
  ),
};
