// The measure catalogue's writes (帮扶措施目录): add, edit, retire and bring back. Admins and county
// offices only (requireCatalogueEditor → 403); the use case checks the same rule again for the CLI.
// The code is the path, never the body: saved plans refer to it, so it does not change.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireUser } from '../session.js';
import type { Assistance } from '../../app/assistance-module.js';
import { requireCatalogueEditor } from './assistance-shared.js';

const Text = (maxLength: number) => Type.String({ maxLength });
const FiveBatch = Type.Union([Type.Null(), Text(40)]);
const Causes = Type.Array(Text(40), { maxItems: 20 });
const CodeParams = Type.Object({ code: Text(40) });

export function assistanceMeasureRoutes(a: Assistance) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/assistance/measures', { schema: { body: Type.Object({ code: Text(40), zh: Text(40), en: Type.Optional(Text(80)), category: Text(40), fiveBatch: FiveBatch, causes: Causes }, { additionalProperties: false }) } }, async (request, reply) => {
      const user = requireUser(request);
      requireCatalogueEditor(user);
      void reply.status(201);
      return a.service.addMeasure(user, { ...request.body, en: request.body.en ?? '' });
    });

    // Absent fields stay as they are; `causes` replaces the whole list.
    const Changes = Type.Object({ zh: Type.Optional(Text(40)), en: Type.Optional(Text(80)), category: Type.Optional(Text(40)), fiveBatch: Type.Optional(FiveBatch), causes: Type.Optional(Causes) }, { additionalProperties: false });
    r.patch('/assistance/measures/:code', { schema: { params: CodeParams, body: Changes } }, async (request) => {
      const user = requireUser(request);
      requireCatalogueEditor(user);
      return a.service.updateMeasure(user, request.params.code, request.body);
    });

    // Two actions, as `/pairings/:id/end` and `/follow-ups/:id/done`: retiring is not a field edit.
    for (const [action, active] of [['retire', false], ['reactivate', true]] as const) {
      r.post(`/assistance/measures/:code/${action}`, { schema: { params: CodeParams } }, async (request) => {
        const user = requireUser(request);
        requireCatalogueEditor(user);
        return a.service.setMeasureActive(user, request.params.code, active);
      });
    }
  };
}
