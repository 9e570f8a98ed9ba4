// Migrations are numbered and append-only; registered here rather than scanned from disk
// so that the compiled package and the tests see exactly the same list.
import type { Migration } from 'kysely';
import type { DialectName } from '../dialect.js';
import { registryMigration } from './001-registry.js';
import { accountsMigration } from './002-accounts.js';
import { listIndexesMigration } from './003-list-indexes.js';
import { workbookMigration } from './020-workbook.js';
import { exitProcedureMigration } from './035-exit-procedure.js';
import { samplingMigration } from './036-sampling.js';
import { rectificationMigration } from './040-rectification.js';
import { scoringMigration } from './060-scoring.js';
import { exitAssessmentMigration } from './030-exit-assessment.js';
import { assistanceMigration } from './050-assistance.js';
import { assistanceCoverageMigration } from './051-assistance-coverage.js';
import { surveySampleMigration } from './052-survey-sample.js';
import { measureNameUniqueMigration } from './053-measure-name-unique.js';
import { datatruthMigration } from './070-datatruth.js';
import { qualityDetailEnMigration } from './071-quality-detail-en.js';
import { auditHeadMigration } from './080-audit-head.js';
import { statusEventDateMigration } from './085-status-event-date.js';
import { villageYearStatMigration } from './090-village-year-stat.js';
import { quarantineResolvedMigration } from './091-quarantine-resolved.js';
import { memberIdIndexMigration } from './092-member-id-index.js';
import { importFilesMigration } from './093-import-files.js';
import { importTrailMigration } from './094-import-trail.js';
import { problemListFilesMigration } from './095-problem-list-files.js';

export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001-registry': registryMigration(dialect),
    '002-accounts': accountsMigration(dialect),
    '003-list-indexes': listIndexesMigration,
    '020-workbook': workbookMigration(dialect),
    '035-exit-procedure': exitProcedureMigration(dialect),
    '036-sampling': samplingMigration(dialect),
    '040-rectification': rectificationMigration(dialect),
    '060-scoring': scoringMigration(dialect),
    '030-exit-assessment': exitAssessmentMigration(dialect),
    '050-assistance': assistanceMigration(dialect),
    '051-assistance-coverage': assistanceCoverageMigration,
    '052-survey-sample': surveySampleMigration,
    '053-measure-name-unique': measureNameUniqueMigration,
    '070-datatruth': datatruthMigration(dialect),
    '071-quality-detail-en': qualityDetailEnMigration,
    '080-audit-head': auditHeadMigration,
    '085-status-event-date': statusEventDateMigration,
    '090-village-year-stat': villageYearStatMigration,
    '091-quarantine-resolved': quarantineResolvedMigration,
    '092-member-id-index': memberIdIndexMigration(dialect),
    '093-import-files': importFilesMigration(dialect),
    '094-import-trail': importTrailMigration,
    '095-problem-list-files': problemListFilesMigration(dialect),
  };
}
